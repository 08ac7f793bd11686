//! The auto-connect run's summary as text: one line per request (masked name, status,
//! reason), the counts by status with their meaning, and the totals — what the example and
//! `triplink auto-connect` print.

use std::fmt::Write;
use triplink_core::client::auto_connect_report::AutoConnectReport;
use triplink_core::model::StatusCode;

/// The summary of `report`; `dry_run` marks statuses that were decided but not PUT.
pub fn render(report: &AutoConnectReport, dry_run: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\n{:<22} {:<6} reason", "traveller", "status");
    let _ = writeln!(s, "{}", "-".repeat(78));
    for o in &report.outcomes {
        let mark = match (o.put_done, dry_run) {
            (true, _) | (false, true) => "",
            (false, false) => "  (PUT failed)",
        };
        let _ = writeln!(
            s,
            "{:<22} {:<6} {}{mark}",
            o.display_name, o.status, o.reason
        );
    }
    let _ = writeln!(s, "\n{:<6} {:>5}  meaning", "status", "count");
    for (status, n) in &report.counts {
        let _ = writeln!(
            s,
            "{status:<6} {n:>5}  {}",
            StatusCode::parse(status).meaning()
        );
    }
    if report.outcomes.len() < report.total() {
        let _ = writeln!(
            s,
            "(a sample of {} of {} outcomes; every outcome is in the journal)",
            report.outcomes.len(),
            report.total()
        );
    }
    if dry_run {
        let _ = writeln!(
            s,
            "dry run: {} requests decided, {} pages read, nothing PUT",
            report.total(),
            report.pages
        );
    } else {
        let _ = writeln!(
            s,
            "{} requests handled, {} pages read, {} failed PUTs",
            report.total(),
            report.pages,
            report.failed_puts
        );
    }
    if let Some(r) = &report.stopped {
        let _ = writeln!(s, "stopped with work left: {r}");
    }
    s
}
