//! The review report as one self-contained HTML page: inline CSS, a
//! sortable table per section (sorting by a small inline script) and an SVG
//! chart of the coverage per folder.

use super::figures::{FolderFigures, IncludeFigures, LandingFigures, PageFigures, Report, Totals};
use crate::docset::Untranslated;
use crate::html::escape;

fn opt(v: &Option<String>) -> String {
    v.as_deref().map(escape).unwrap_or_default()
}

fn pct(c: Option<f64>) -> (String, String) {
    match c {
        Some(p) => (format!("{p:.1}"), format!("{p:.1}%")),
        None => ("-1".into(), "–".into()),
    }
}

const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:80rem;padding:1rem 2rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{margin-top:2.5rem;font-size:1.25rem}
dl.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}
dl.totals div{border:1px solid #ccc;border-radius:4px;padding:.5rem .75rem}
dt{font-size:.8rem;color:#555}dd{margin:0;font-size:1.3rem;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th button:focus-visible{outline:2px solid #0067b8}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tr.warn td{background:#fff4ce}
.scroll{overflow-x:auto}
svg text{font-size:12px;fill:#1b1b1b}
code{font-size:.85em}
"#;

const JS: &str = r#"
document.querySelectorAll("table.sortable").forEach(function(t){
  var ths=t.querySelectorAll("thead th");
  ths.forEach(function(th,i){
    var b=th.querySelector("button");if(!b)return;
    b.addEventListener("click",function(){
      var asc=th.getAttribute("aria-sort")!=="ascending";
      ths.forEach(function(o){o.removeAttribute("aria-sort")});
      th.setAttribute("aria-sort",asc?"ascending":"descending");
      var num=th.classList.contains("n"),tb=t.tBodies[0];
      var rows=Array.prototype.slice.call(tb.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute("data-v")||a.cells[i].textContent,
            y=b.cells[i].getAttribute("data-v")||b.cells[i].textContent;
        var r=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);
        return asc?r:-r;
      });
      rows.forEach(function(r){tb.appendChild(r)});
    });
  });
});
"#;

struct Table {
    html: String,
}

impl Table {
    /// A sortable table; a header ending in '#' is numeric.
    fn new(id: &str, caption: &str, heads: &[&str]) -> Table {
        let mut html = format!(
            "<div class=\"scroll\"><table class=\"sortable\" id=\"{id}\"><caption class=\"sr\">{}</caption><thead><tr>",
            escape(caption)
        );
        for h in heads {
            let (label, num) = match h.strip_suffix('#') {
                Some(l) => (l, true),
                None => (*h, false),
            };
            html.push_str(&format!(
                "<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
                if num { " class=\"n\"" } else { "" },
                escape(label)
            ));
        }
        html.push_str("</tr></thead><tbody>\n");
        Table { html }
    }

    fn row(&mut self, warn: bool, cells: &[Cell]) {
        self.html
            .push_str(if warn { "<tr class=\"warn\">" } else { "<tr>" });
        for c in cells {
            match c {
                Cell::Text(t) => self.html.push_str(&format!("<td>{t}</td>")),
                Cell::Num(n) => self.html.push_str(&format!("<td class=\"n\">{n}</td>")),
                Cell::Sorted(v, t) => self
                    .html
                    .push_str(&format!("<td class=\"n\" data-v=\"{v}\">{t}</td>")),
            }
        }
        self.html.push_str("</tr>\n");
    }

    fn finish(mut self) -> String {
        self.html.push_str("</tbody></table></div>\n");
        self.html
    }
}

enum Cell {
    /// Escaped HTML.
    Text(String),
    Num(u64),
    /// (sort value, shown text)
    Sorted(String, String),
}

fn coverage_cell(c: Option<f64>) -> Cell {
    let (v, t) = pct(c);
    Cell::Sorted(v, t)
}

/// Horizontal bars of coverage per folder, as inline SVG.
fn folder_chart(folders: &[FolderFigures]) -> String {
    let row_h = 20;
    let label_w = 300;
    let bar_w = 400;
    let h = row_h * folders.len().max(1) + 10;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\" role=\"img\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Translation coverage per folder (translated segments / segments)</title>\n",
        label_w + bar_w + 70,
        label_w + bar_w + 70
    );
    for (i, f) in folders.iter().enumerate() {
        let y = i * row_h + 5;
        let name = if f.folder.is_empty() {
            "(root)".to_string()
        } else {
            f.folder.clone()
        };
        let p = f.coverage.unwrap_or(0.0);
        let w = (p / 100.0 * bar_w as f64).round() as u64;
        let text = pct(f.coverage).1;
        s.push_str(&format!(
            "<g><title>{name}: {text} of {seg} segments, {pages} pages</title><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{name}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"{bh}\" fill=\"#e6e6e6\"/><rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\" fill=\"#0067b8\"/><text x=\"{vx}\" y=\"{ty}\">{text}</text></g>\n",
            name = escape(&name),
            seg = f.counts.segments,
            pages = f.pages,
            lx = label_w - 6,
            ty = y + 13,
            bh = row_h - 4,
            vx = label_w + bar_w + 6,
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// The report as one self-contained HTML page (inline CSS, JS and SVG).
pub fn to_html(report: &Report) -> String {
    let d = &report.docset;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>Review report – {}</title>\n<style>{CSS}.sr{{position:absolute;left:-9999px}}</style>\n</head>\n<body>\n",
        escape(&d.name)
    ));
    h.push_str(&format!(
        "<h1>Review report: {}</h1>\n<p>Locales: {}. Environments: {}. Figures count each source file once; segments are span pairs, <em>untranslated</em> segments have a target equal to the source.</p>\n",
        escape(if d.name.is_empty() { "docset" } else { &d.name }),
        escape(&d.locales.join(", ")),
        escape(&d.environments.join(", "))
    ));
    h.push_str(&totals_html(&report.totals));
    h.push_str(&folders_html(&report.folders));
    h.push_str(&pages_html(&report.pages));
    h.push_str(&includes_html(&report.includes));
    h.push_str(&landing_html(&report.landing_pages));
    h.push_str(&labels_html(&report.untranslated_labels));
    h.push_str(&format!("<script>{JS}</script>\n</body>\n</html>\n"));
    h
}

/// The totals, one figure a box.
fn totals_html(t: &Totals) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"totals\">Totals (Markdown content pages)</h2>\n<dl class=\"totals\">\n");
    let items: Vec<(&str, String)> = vec![
        ("Pages", t.pages.to_string()),
        ("Segments", t.segments.to_string()),
        ("Untranslated segments", t.untranslated.to_string()),
        ("Coverage", pct(t.coverage).1),
        ("Malformed pairs", t.malformed.to_string()),
        ("Lines outside pairs", t.untranslatable_lines.to_string()),
        ("MT pages", t.mt_pages.to_string()),
        ("HT pages", t.ht_pages.to_string()),
        ("Other pages", t.other_type_pages.to_string()),
        ("Untranslated titles", t.untranslated_titles.to_string()),
        ("Untranslated labels", t.untranslated_labels.to_string()),
        ("Include files", t.include_files.to_string()),
        ("Include segments", t.include_segments.to_string()),
        ("Landing pages", t.landing_pages.to_string()),
    ];
    for (k, v) in items {
        h.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>\n",
            escape(k),
            escape(&v)
        ));
    }
    h.push_str("</dl>\n");

    h
}

/// Coverage per folder: a chart and a table.
fn folders_html(folders: &[FolderFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"folders\">Coverage per folder</h2>\n");
    h.push_str(&folder_chart(folders));
    let mut ft = Table::new(
        "folder-table",
        "Folders",
        &[
            "Folder",
            "Pages#",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
            "MT#",
            "HT#",
        ],
    );
    for f in folders {
        ft.row(
            false,
            &[
                Cell::Text(escape(if f.folder.is_empty() {
                    "(root)"
                } else {
                    &f.folder
                })),
                Cell::Num(f.pages as u64),
                Cell::Num(f.counts.segments),
                Cell::Num(f.counts.untranslated),
                coverage_cell(f.coverage),
                Cell::Num(f.counts.malformed),
                Cell::Num(f.counts.untranslatable_lines),
                Cell::Num(f.mt_pages as u64),
                Cell::Num(f.ht_pages as u64),
            ],
        );
    }
    h.push_str(&ft.finish());

    h
}

/// One row per Markdown page.
fn pages_html(pages: &[PageFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"pages\">Pages</h2>\n<p>Select a column header (or focus it and press Enter) to sort. Highlighted rows have malformed pairs or an untranslated title.</p>\n");
    let mut pt = Table::new(
        "page-table",
        "Pages",
        &[
            "Page",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
            "Type",
            "Hand-off",
            "Source commit",
            "Environments",
            "Title untranslated",
        ],
    );
    for p in pages {
        pt.row(
            p.counts.malformed > 0 || p.title_untranslated,
            &[
                Cell::Text(format!(
                    "<code>{}</code><br>{}",
                    escape(&p.path),
                    escape(&p.title)
                )),
                Cell::Num(p.counts.segments),
                Cell::Num(p.counts.untranslated),
                coverage_cell(p.coverage),
                Cell::Num(p.counts.malformed),
                Cell::Num(p.counts.untranslatable_lines),
                Cell::Text(opt(&p.translation_type)),
                Cell::Text(opt(&p.last_handoff)),
                Cell::Text(format!(
                    "<code>{}</code>",
                    opt(&p
                        .source_commit
                        .as_ref()
                        .map(|c| c.chars().take(10).collect()))
                )),
                Cell::Text(escape(&p.environments.join(", "))),
                Cell::Text(if p.title_untranslated { "yes" } else { "" }.into()),
            ],
        );
    }
    h.push_str(&pt.finish());

    h
}

/// One row per include file.
fn includes_html(includes: &[IncludeFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"includes\">Include files</h2>\n");
    let mut it = Table::new(
        "include-table",
        "Include files",
        &[
            "Include",
            "Used by#",
            "Segments#",
            "Untranslated#",
            "Coverage#",
            "Malformed#",
            "Outside pairs#",
        ],
    );
    for i in includes {
        it.row(
            i.counts.malformed > 0,
            &[
                Cell::Text(format!("<code>{}</code>", escape(&i.path))),
                Cell::Num(i.used_by as u64),
                Cell::Num(i.counts.segments),
                Cell::Num(i.counts.untranslated),
                coverage_cell(i.coverage),
                Cell::Num(i.counts.malformed),
                Cell::Num(i.counts.untranslatable_lines),
            ],
        );
    }
    h.push_str(&it.finish());

    h
}

/// One row per landing page.
fn landing_html(landing_pages: &[LandingFigures]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"landing\">Landing pages</h2>\n");
    let mut lt = Table::new(
        "landing-table",
        "Landing pages",
        &["Page", "Title", "Environments", "Untranslated labels#"],
    );
    for l in landing_pages {
        lt.row(
            false,
            &[
                Cell::Text(format!("<code>{}</code>", escape(&l.path))),
                Cell::Text(escape(&l.title)),
                Cell::Text(escape(&l.environments.join(", "))),
                Cell::Num(l.untranslated_labels as u64),
            ],
        );
    }
    h.push_str(&lt.finish());

    h
}

/// One row per untranslated label.
fn labels_html(labels: &[Untranslated]) -> String {
    let mut h = String::new();
    h.push_str("<h2 id=\"labels\">Untranslated labels</h2>\n<p>Shown in the source locale as written in the content locale: they have no English counterpart.</p>\n");
    let mut ut = Table::new(
        "label-table",
        "Untranslated labels",
        &["File", "What", "Text"],
    );
    for u in labels {
        ut.row(
            false,
            &[
                Cell::Text(format!("<code>{}</code>", escape(&u.file))),
                Cell::Text(escape(&u.what)),
                Cell::Text(escape(&u.text)),
            ],
        );
    }
    h.push_str(&ut.finish());
    h
}
