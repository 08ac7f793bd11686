//! The HTML report opened in headless Chromium: the page renders its inline SVG chart (a
//! screenshot is taken and its pixels checked for the bars' colours), and it is one
//! self-contained file (no external resource to fetch).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::triplink;
use std::path::Path;

/// Pixels of `png` within a small distance of `rgb`, and how many distinct colours it has.
fn pixels_like(png: &Path, rgb: [u8; 3]) -> (usize, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let mut near = 0;
    let mut colours = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        colours.insert((px[0], px[1], px[2]));
        if (0..3).all(|i| px[i].abs_diff(rgb[i]) <= 8) {
            near += 1;
        }
    }
    (near, colours.len())
}

#[test]
fn html_report_renders_its_chart_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(
        chromium.exists(),
        "headless Chromium is needed: bash scripts/setup-wasm.sh installs it"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = triplink(dir.path())
        .args([
            "auto-connect",
            "--sandbox",
            "--quiet",
            "--report",
            "run.html",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let html_path = dir.path().join("run.html");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("<svg"), "inline SVG chart");
    for external in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "self-contained: found {external}");
    }
    // Names are masked: the demo's full surnames never appear.
    assert!(!html.contains("O'Brien") && !html.contains("O&#39;Brien"));

    let shot = dir.path().join("shot.png");
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1000,900",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html_path.display()))
        .output()
        .unwrap();
    assert!(shot.exists(), "no screenshot: {status:?}");
    assert!(std::fs::metadata(&shot).unwrap().len() > 5_000);
    // The CRSUC bar (11 of 20 requests, the longest) is drawn in #2e7d32, CREU* in #c62828.
    let (green, colours) = pixels_like(&shot, [0x2e, 0x7d, 0x32]);
    let (red, _) = pixels_like(&shot, [0xc6, 0x28, 0x28]);
    assert!(colours > 10, "a blank page ({colours} colours)");
    assert!(
        green > 5_000,
        "the CRSUC bar is missing ({green} green pixels)"
    );
    assert!(red > 1_000, "the CREU bars are missing ({red} red pixels)");
    assert!(green > red, "CRSUC (11) outnumbers CREU* (8)");
}
