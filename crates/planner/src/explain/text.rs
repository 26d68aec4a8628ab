//! EXPLAIN's text format: PostgreSQL's indented plan tree (`->  ` arrows, two-space property
//! indentation, `(cost=... rows=... width=...)` and `(actual ...)` annotations).

use super::{ExNode, ExplainOptions, Explained, Prop};

fn annotate(n: &ExNode, o: &ExplainOptions, line: &mut String) {
    if o.costs {
        line.push_str(&format!(
            "  (cost={:.2}..{:.2} rows={:.0} width={})",
            n.est.startup, n.est.total, n.est.rows, n.est.width
        ));
    }
    if let Some(a) = &n.actual {
        match a {
            None => line.push_str(" (never executed)"),
            Some(a) => {
                if o.timing {
                    line.push_str(&format!(
                        " (actual time={:.3}..{:.3} rows={:.0} loops={:.0})",
                        a.startup_ms, a.total_ms, a.rows, a.loops
                    ));
                } else {
                    line.push_str(&format!(
                        " (actual rows={:.0} loops={:.0})",
                        a.rows, a.loops
                    ));
                }
            }
        }
    }
}

fn node(n: &ExNode, o: &ExplainOptions, indent: usize, out: &mut Vec<String>) {
    let mut indent = indent;
    if let Some(name) = &n.subplan_name {
        out.push(format!("{}{}", " ".repeat(indent * 2), name));
        indent += 1;
    }
    let mut line = String::new();
    if indent > 0 {
        line.push_str(&" ".repeat(indent * 2));
        line.push_str("->  ");
        indent += 2;
    }
    line.push_str(&n.head);
    annotate(n, o, &mut line);
    out.push(line);
    indent += 1;
    let pad = " ".repeat(indent * 2);
    if let Some(v) = &n.output {
        out.push(format!("{}Output: {}", pad, v.join(", ")));
    }
    for (k, v) in n.all_props() {
        let val = match v {
            Prop::Text(s) | Prop::Num(s) => s,
            Prop::List(l) => l.join(", "),
        };
        out.push(format!("{pad}{k}: {val}"));
    }
    for c in n
        .init_plans
        .iter()
        .chain(n.children.iter())
        .chain(n.sub_plans.iter())
    {
        node(c, o, indent, out);
    }
}

/// Render as text lines.
pub fn render(e: &Explained, o: &ExplainOptions) -> Vec<String> {
    let mut out = Vec::new();
    node(&e.root, o, 0, &mut out);
    if let Some(p) = e.planning_ms {
        out.push(format!("Planning time: {p:.3} ms"));
    }
    if let Some(x) = e.execution_ms {
        out.push(format!("Execution time: {x:.3} ms"));
    }
    out
}
