//! Writing the run's report to a file, by extension: `.json` (the report as the SDK
//! serialises it), `.csv` (one row per request) or `.html` (one self-contained page for
//! support agents: totals by status with an inline SVG chart, one row per request).

use crate::error::{failed, CliError};
use std::fmt::Write;
use std::path::Path;
use triplink::client::auto_connect_report::AutoConnectReport;
use triplink::model::StatusCode;

/// Writes `report` to `path` in the format its extension names.
pub fn write(path: &Path, report: &AutoConnectReport, dry_run: bool) -> Result<(), CliError> {
    let where_ = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let body = match ext.as_deref() {
        Some("json") => report.to_json(),
        Some("csv") => to_csv(report).map_err(|e| failed(&where_, e))?,
        Some("html" | "htm") => to_html(report, dry_run),
        _ => {
            return Err(CliError::Failed(format!(
                "{where_}: a report is a .html, .csv or .json file"
            )))
        }
    };
    std::fs::write(path, body).map_err(|e| failed(&where_, e))
}

fn to_csv(report: &AutoConnectReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "request_id",
        "traveller",
        "status",
        "put_done",
        "reason",
        "error",
        "correlation_id",
    ])?;
    for o in &report.outcomes {
        w.write_record([
            o.request_id.as_str(),
            &o.display_name,
            &o.status,
            if o.put_done { "true" } else { "false" },
            &o.reason,
            o.error.as_deref().unwrap_or(""),
            o.correlation_id.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn colour(status: &str) -> &'static str {
    match status {
        "CRSUC" => "#2e7d32",
        "CRRET" => "#f9a825",
        "CRPA1" => "#6a1b9a",
        _ => "#c62828",
    }
}

/// A horizontal bar per status, scaled to the largest count.
fn chart(report: &AutoConnectReport) -> String {
    let max = report.counts.values().copied().max().unwrap_or(0).max(1);
    let (bar_h, gap, label_w, width) = (28usize, 8usize, 70usize, 420usize);
    let height = report.counts.len().max(1) * (bar_h + gap) + gap;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart\" width=\"{}\" height=\"{height}\" \
         role=\"img\" aria-label=\"requests by status\">",
        label_w + width + 60
    );
    for (i, (status, n)) in report.counts.iter().enumerate() {
        let y = gap + i * (bar_h + gap);
        let w = (n * width / max).max(2);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"14\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"14\">{n}</text>",
            y + bar_h * 2 / 3,
            esc(status),
            colour(status),
            label_w + w + 6,
            y + bar_h * 2 / 3,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn to_html(report: &AutoConnectReport, dry_run: bool) -> String {
    let title = if dry_run {
        "triplink auto-connect: dry run (nothing PUT)"
    } else {
        "triplink auto-connect run"
    };
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}\
         .failed{{background:#fdecea}}</style></head><body><h1>{title}</h1>"
    );
    let _ = write!(
        h,
        "<p>{} requests {}, {} pages read, {} failed PUTs.</p>",
        report.total(),
        if dry_run { "decided" } else { "handled" },
        report.pages,
        report.failed_puts
    );
    if let Some(r) = &report.stopped {
        let _ = write!(
            h,
            "<p><strong>Stopped with work left:</strong> {}</p>",
            esc(r)
        );
    }
    h.push_str("<h2>Totals by status</h2>");
    h.push_str(&chart(report));
    h.push_str("<table id=\"totals\"><tr><th>status</th><th>count</th><th>meaning</th></tr>");
    for (status, n) in &report.counts {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{n}</td><td>{}</td></tr>",
            esc(status),
            esc(StatusCode::parse(status).meaning())
        );
    }
    h.push_str("</table><h2>Requests</h2>");
    if report.outcomes.len() < report.total() {
        let _ = write!(
            h,
            "<p>The first {} of {} requests; every outcome is in the journal.</p>",
            report.outcomes.len(),
            report.total()
        );
    }
    h.push_str(
        "<table id=\"requests\"><tr><th>traveller</th><th>status</th><th>PUT</th>\
         <th>reason</th><th>error</th><th>request id</th><th>correlation id</th></tr>",
    );
    for o in &report.outcomes {
        let put = match (o.put_done, dry_run) {
            (true, _) => "done",
            (false, true) => "dry run",
            (false, false) => "failed",
        };
        let _ = write!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td>{put}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if put == "failed" { " class=\"failed\"" } else { "" },
            esc(&o.display_name),
            esc(&o.status),
            esc(&o.reason),
            esc(o.error.as_deref().unwrap_or("")),
            esc(&o.request_id),
            esc(o.correlation_id.as_deref().unwrap_or("")),
        );
    }
    h.push_str("</table></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use triplink::client::auto_connect_report::RequestOutcome;

    #[test]
    fn html_escapes_names_and_reasons_and_charts_every_status() {
        let mut r = AutoConnectReport::default();
        r.add(RequestOutcome {
            request_id: "r1".into(),
            display_name: "<script>x".into(),
            status: "CRSUC".into(),
            put_done: true,
            reason: "a & b".into(),
            user_id: None,
            evidence: Vec::new(),
            error: None,
            correlation_id: Some("c1".into()),
        });
        let h = to_html(&r, false);
        assert!(h.contains("&lt;script&gt;x"));
        assert!(!h.contains("<script>"));
        assert!(h.contains("a &amp; b"));
        assert_eq!(h.matches("<rect").count(), 1);
    }
}
