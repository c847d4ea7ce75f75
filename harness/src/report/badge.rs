//! Badges per implementation run and level: a flat SVG
//! (`badges/<key>-level<N>.svg`) and a shields.io endpoint JSON
//! (`badges/<key>-level<N>.json`, `{"schemaVersion":1,"label",
//! "message","color"}`) saying `passed/total` of the declared cases.
//! Colour: all passed bright green, at least 90% yellow, less red, no
//! declared case grey. Text widths are estimated from Verdana 11px advance
//! widths (close enough for a badge; no font is loaded).

use super::matrix::{ImplRow, Matrix};
use super::text::xml_text;
use super::ReportFile;
use serde::Serialize;

/// One badge's words and colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub schema_version: u8,
    pub label: String,
    pub message: String,
    /// A shields named colour.
    pub color: String,
}

/// The badge of `row` at `level`.
pub fn endpoint(row: &ImplRow, level: u8) -> Endpoint {
    let (passed, total) = row.score(level);
    Endpoint {
        schema_version: 1,
        label: format!("conformkit {} L{level}", row.role.as_str()),
        message: format!("{passed}/{total}"),
        color: color(passed, total).0.into(),
    }
}

/// The colours used: shields name and hex.
const COLORS: [(&str, &str); 4] = [
    ("brightgreen", "#4c1"),
    ("yellow", "#dfb317"),
    ("red", "#e05d44"),
    ("lightgrey", "#9f9f9f"),
];

/// (shields name, hex) for a score.
fn color(passed: usize, total: usize) -> (&'static str, &'static str) {
    let i = if total == 0 {
        3
    } else if passed == total {
        0
    } else if passed * 10 >= total * 9 {
        1
    } else {
        2
    };
    COLORS[i]
}

/// The hex of a shields colour name of [`COLORS`] (grey otherwise).
fn color_hex(name: &str) -> &'static str {
    COLORS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(COLORS[3].1, |(_, hex)| hex)
}

/// Every badge file of the matrix.
pub fn render(matrix: &Matrix) -> Vec<ReportFile> {
    let mut files = Vec::new();
    for row in &matrix.implementations {
        for level in [1u8, 2] {
            let e = endpoint(row, level);
            let stem = format!("badges/{}-level{level}", row.key);
            let mut json = serde_json::to_vec_pretty(&e).unwrap_or_default();
            json.push(b'\n');
            files.push(ReportFile {
                path: format!("{stem}.svg"),
                bytes: svg(&e).into_bytes(),
            });
            files.push(ReportFile {
                path: format!("{stem}.json"),
                bytes: json,
            });
        }
    }
    files
}

/// Approximate advance width of `c` in Verdana at 11px, in pixels.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 3.5,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | ' ' | '/' | '-' => 4.9,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 10.5,
        'A'..='Z' => 7.7,
        '0'..='9' => 7.0,
        'a'..='z' | '_' => 6.7,
        _ => 7.5,
    }
}

/// Estimated width of `text` in pixels.
pub fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// The flat badge SVG of `e`.
pub fn svg(e: &Endpoint) -> String {
    let hex = color_hex(&e.color);
    let lw = (text_width(&e.label) + 10.0).round() as u32;
    let mw = (text_width(&e.message) + 10.0).round() as u32;
    let w = lw + mw;
    let label = xml_text(&e.label);
    let message = xml_text(&e.message);
    let lx = f64::from(lw) / 2.0;
    let mx = f64::from(lw) + f64::from(mw) / 2.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {message}">
<title>{label}: {message}</title>
<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{mw}" height="20" fill="{hex}"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="{lx}" y="15" fill="#010101" fill-opacity=".3">{label}</text><text x="{lx}" y="14">{label}</text>
<text x="{mx}" y="15" fill="#010101" fill-opacity=".3">{message}</text><text x="{mx}" y="14">{message}</text>
</g>
</svg>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_score() {
        assert_eq!(color(0, 0).0, "lightgrey");
        assert_eq!(color(40, 40).0, "brightgreen");
        assert_eq!(color(36, 40).0, "yellow");
        assert_eq!(color(35, 40).0, "red");
    }

    #[test]
    fn svg_is_sized_by_its_text() {
        let short = svg(&Endpoint {
            schema_version: 1,
            label: "conformkit reader L1".into(),
            message: "1/2".into(),
            color: "red".into(),
        });
        let long = svg(&Endpoint {
            schema_version: 1,
            label: "conformkit reader L1".into(),
            message: "1000/2000".into(),
            color: "red".into(),
        });
        let width = |s: &str| -> u32 {
            let at = s.find("width=\"").unwrap() + 7;
            s[at..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(width(&long) > width(&short) + 30);
        assert!(short.contains("fill=\"#e05d44\""));
        assert!(short.contains("aria-label=\"conformkit reader L1: 1/2\""));
    }
}
