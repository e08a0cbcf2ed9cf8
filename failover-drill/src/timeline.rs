//! Pictures of a real-player run: per scenario an SVG timeline (the buffer level, every stall, and which
//! origin and pipeline answered each request, with the fault's start and end marked), and an HTML page
//! that puts the model and the real player side by side and links every timeline.
//!
//! The SVG is written by hand: a few rectangles, lines and labels do not need a plotting library.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::browser::{BrowserRow, PageEvent};
use crate::report::{Comparison, as_seconds};

const WIDTH: f64 = 960.0;
const LEFT: f64 = 190.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BUFFER_HEIGHT: f64 = 120.0;
const LANE: f64 = 18.0;

/// Escapes text for SVG and HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The timeline of one comparison as an SVG document.
pub fn svg(comparison: &Comparison) -> String {
    let real = &comparison.real;
    let span = as_seconds(real.duration).max(1.0);
    let plot = WIDTH - LEFT - RIGHT;
    let x = |at: Duration| LEFT + as_seconds(at).min(span) / span * plot;
    // Lanes: one per origin and pipeline that answered, then errors, then the model's stalls.
    let lanes: Vec<String> = real
        .events
        .iter()
        .filter_map(|e| match &e.event {
            PageEvent::Playlist { url, served_by, .. } | PageEvent::Segment { url, served_by, .. } => {
                Some(lane_name(served_by.as_deref(), url))
            }
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let lanes_top = TOP + BUFFER_HEIGHT + 30.0;
    let errors_y = lanes_top + LANE * lanes.len() as f64;
    let model_y = errors_y + LANE;
    let axis_y = model_y + LANE + 6.0;
    let height = axis_y + 40.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="#fff"/>"##);
    let title = format!(
        "{} ({}), {}, hls.js {}, startLoad() recovery {}",
        real.scenario,
        match real.edge_timeouts {
            crate::EdgeTimeouts::Recommended => "recommended edge timeouts",
            crate::EdgeTimeouts::CloudFrontDefaults => "CloudFront default timeouts",
        },
        real.container,
        real.hls_version,
        if real.recovery == crate::player::Recovery::StartLoad {
            "on"
        } else {
            "off"
        }
    );
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{}</text>"#,
        escape(&title)
    );
    // Stalls of the real player, across the buffer plot and the lanes.
    for stall in &real.stalls {
        let (a, b) = (x(stall.start), x(stall.end));
        let _ = writeln!(
            out,
            r##"<rect x="{a:.1}" y="{TOP}" width="{:.1}" height="{:.1}" fill="#e33" fill-opacity="0.18"><title>stall {:.1} s</title></rect>"##,
            (b - a).max(1.0),
            errors_y + LANE - TOP,
            as_seconds(stall.duration())
        );
    }
    // The buffer level.
    let samples: Vec<(Duration, f64)> = real
        .events
        .iter()
        .filter_map(|e| match e.event {
            PageEvent::Sample { buffered, .. } => Some((e.at, buffered)),
            _ => None,
        })
        .collect();
    let top_level = samples.iter().map(|&(_, b)| b).fold(1.0_f64, f64::max).ceil();
    let y = |level: f64| TOP + BUFFER_HEIGHT - level / top_level * BUFFER_HEIGHT;
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end">buffer ahead (s)</text>"##,
        LEFT - 28.0,
        TOP + BUFFER_HEIGHT / 2.0 + 4.0
    );
    for level in [0.0, top_level / 2.0, top_level] {
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{level:.0}</text>"##,
            WIDTH - RIGHT,
            y(level),
            y(level),
            LEFT - 4.0,
            y(level) + 4.0
        );
    }
    if !samples.is_empty() {
        let points = samples
            .iter()
            .map(|&(at, level)| format!("{:.1},{:.1}", x(at), y(level)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            r##"<polyline points="{points}" fill="none" stroke="#2266cc" stroke-width="1.5"/>"##
        );
    }
    // One lane per origin and pipeline: a mark per answer (tall for a segment, short for a playlist).
    for (i, lane) in lanes.iter().enumerate() {
        let top = lanes_top + LANE * i as f64;
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#eee"/>"##,
            LEFT - 8.0,
            top + 12.0,
            escape(lane),
            WIDTH - RIGHT,
            top + LANE,
            top + LANE
        );
        let colour = if lane.contains("backup") {
            "#c77700"
        } else {
            "#228833"
        };
        for e in &real.events {
            let (url, served_by, segment) = match &e.event {
                PageEvent::Segment { url, served_by, .. } => (url, served_by, true),
                PageEvent::Playlist { url, served_by, .. } => (url, served_by, false),
                _ => continue,
            };
            if &lane_name(served_by.as_deref(), url) != lane {
                continue;
            }
            let (mark_top, mark_height) = if segment {
                (top + 2.0, LANE - 4.0)
            } else {
                (top + 9.0, LANE - 11.0)
            };
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{mark_top:.1}" width="2" height="{mark_height:.1}" fill="{colour}"><title>{} at {:.2} s</title></rect>"#,
                x(e.at),
                escape(url.rsplit('/').next().unwrap_or(url)),
                as_seconds(e.at)
            );
        }
    }
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end">hls.js errors (fatal: ring)</text>"##,
        LEFT - 8.0,
        errors_y + 12.0
    );
    for e in &real.events {
        if let PageEvent::Error { details, fatal, .. } = &e.event {
            let fill = if *fatal { "none" } else { "#e33" };
            let _ = writeln!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{fill}" stroke="#e33" stroke-width="1.5"><title>{} at {:.2} s</title></circle>"##,
                x(e.at),
                errors_y + LANE / 2.0,
                escape(details),
                as_seconds(e.at)
            );
        }
        if let PageEvent::Recover { how } = &e.event {
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#2266cc">↻<title>{} at {:.2} s</title></text>"##,
                x(e.at),
                errors_y + LANE - 2.0,
                escape(how),
                as_seconds(e.at)
            );
        }
    }
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end">model stalls</text>"##,
        LEFT - 8.0,
        model_y + 12.0
    );
    for stall in &comparison.model.stalls {
        let (a, b) = (x(stall.start), x(stall.end));
        let _ = writeln!(
            out,
            r##"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#e33" fill-opacity="0.5"/>"##,
            model_y + 3.0,
            (b - a).max(1.0),
            LANE - 6.0
        );
    }
    // The fault and the recovery.
    let mut marks = vec![(real.fault_at, "fault")];
    if let Some(recover_at) = real.recover_at {
        marks.push((recover_at, "recovery"));
    }
    for (at, label) in marks {
        let _ = writeln!(
            out,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="#000" stroke-dasharray="4 3"/><text x="{0:.1}" y="{3:.1}" text-anchor="middle">{label}</text>"##,
            x(at),
            TOP - 6.0,
            axis_y,
            TOP - 10.0
        );
    }
    // The time axis.
    let step = if span > 120.0 {
        20.0
    } else if span > 40.0 {
        10.0
    } else {
        5.0
    };
    let _ = writeln!(
        out,
        r##"<line x1="{LEFT}" x2="{:.1}" y1="{axis_y:.1}" y2="{axis_y:.1}" stroke="#000"/>"##,
        WIDTH - RIGHT
    );
    let mut tick = 0.0;
    while tick <= span {
        let at = LEFT + tick / span * plot;
        let _ = writeln!(
            out,
            r##"<line x1="{at:.1}" x2="{at:.1}" y1="{axis_y:.1}" y2="{:.1}" stroke="#000"/><text x="{at:.1}" y="{:.1}" text-anchor="middle">{tick:.0}</text>"##,
            axis_y + 4.0,
            axis_y + 16.0
        );
        tick += step;
    }
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">seconds since the browser started (shaded: the video element waited for data)</text>"##,
        LEFT + plot / 2.0,
        axis_y + 32.0
    );
    out.push_str("</svg>\n");
    out
}

/// "origin / pipeline" for a lane.
fn lane_name(served_by: Option<&str>, url: &str) -> String {
    format!(
        "{} / {}",
        served_by.unwrap_or("?"),
        crate::browser::pipeline_of(url)
    )
}

/// A file name for a comparison's timeline.
fn file_name(real: &BrowserRow) -> String {
    let timeouts = match real.edge_timeouts {
        crate::EdgeTimeouts::Recommended => "recommended",
        crate::EdgeTimeouts::CloudFrontDefaults => "defaults",
    };
    format!(
        "{}-{timeouts}-{}-{}.svg",
        real.scenario,
        real.recovery.name(),
        real.container
    )
}

/// Writes every timeline and an `index.html` with the side-by-side table into `dir` (created if
/// needed); returns the path of `index.html`.
pub fn write_report(dir: &Path, comparisons: &[Comparison]) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>failover drill: model and real player</title>\
         <style>body{font:14px sans-serif;margin:24px}table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}\
         td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #ccc;margin:8px 0 24px}</style></head><body>\n",
    );
    let version = comparisons.first().map_or("-", |c| c.real.hls_version.as_str());
    let _ = writeln!(
        html,
        "<h1>Failover drill: the model next to hls.js {}</h1>\n<p>Every figure in seconds. Failover: from the fault to the first answer from another origin or pipeline.</p>\n<pre>{}</pre>",
        escape(version),
        escape(&crate::report::SideBySide(comparisons).to_string())
    );
    for comparison in comparisons {
        let name = file_name(&comparison.real);
        std::fs::write(dir.join(&name), svg(comparison))?;
        let _ = writeln!(
            html,
            "<h2>{}</h2>\n<a href=\"{name}\"><img src=\"{name}\" alt=\"timeline of {}\"></a>",
            escape(name.trim_end_matches(".svg")),
            escape(&comparison.real.scenario)
        );
    }
    html.push_str(
        "<p>Every event and figure: <a href=\"comparisons.json\">comparisons.json</a>.</p>\n</body></html>\n",
    );
    let json = serde_json::to_string_pretty(comparisons).map_err(io::Error::other)?;
    std::fs::write(dir.join("comparisons.json"), json)?;
    let index = dir.join("index.html");
    std::fs::write(&index, html)?;
    Ok(index)
}
