//! EXPLAIN's structured formats (JSON, YAML, XML): the plan tree as PostgreSQL's key/value
//! properties ("Node Type", "Startup Cost", "Plans", ...), serialised like explain.c does.

use super::{ExNode, ExplainOptions, Explained, Prop};

/// A structured value.
#[derive(Clone, Debug)]
enum Val {
    Str(String),
    Num(String),
    Bool(bool),
    List(Vec<String>),
    Plans(Vec<Vec<(String, Val)>>),
    Obj(Vec<(String, Val)>),
}

fn props(n: &ExNode, o: &ExplainOptions) -> Vec<(String, Val)> {
    let mut v: Vec<(String, Val)> = Vec::new();
    let s = |x: &str| Val::Str(x.to_string());
    v.push(("Node Type".into(), s(&n.node_type)));
    if let Some(x) = n.strategy {
        v.push(("Strategy".into(), s(x)));
    }
    if let Some(x) = n.operation {
        v.push(("Operation".into(), s(x)));
    }
    if let Some(x) = n.relationship {
        v.push(("Parent Relationship".into(), s(x)));
    }
    if let Some(x) = &n.subplan_name {
        v.push(("Subplan Name".into(), s(x)));
    }
    v.push(("Parallel Aware".into(), Val::Bool(false)));
    if let Some(x) = n.join_type {
        v.push(("Join Type".into(), s(x)));
    }
    if let Some(x) = &n.command {
        v.push(("Command".into(), s(x)));
    }
    if let Some(x) = n.scan_dir {
        v.push(("Scan Direction".into(), s(x)));
    }
    if let Some(x) = &n.index_name {
        v.push(("Index Name".into(), s(x)));
    }
    if let Some(x) = &n.relation {
        v.push(("Relation Name".into(), s(x)));
    }
    if let Some(x) = &n.function_name {
        v.push(("Function Name".into(), s(x)));
    }
    if let Some(x) = &n.schema {
        v.push(("Schema".into(), s(x)));
    }
    if let Some(x) = &n.alias {
        v.push(("Alias".into(), s(x)));
    }
    if o.costs {
        v.push((
            "Startup Cost".into(),
            Val::Num(format!("{:.2}", n.est.startup)),
        ));
        v.push(("Total Cost".into(), Val::Num(format!("{:.2}", n.est.total))));
        v.push(("Plan Rows".into(), Val::Num(format!("{:.0}", n.est.rows))));
        v.push(("Plan Width".into(), Val::Num(format!("{}", n.est.width))));
    }
    if let Some(a) = &n.actual {
        let (st, tt, r, l) = match a {
            Some(a) => (a.startup_ms, a.total_ms, a.rows, a.loops),
            None => (0.0, 0.0, 0.0, 0.0),
        };
        if o.timing {
            v.push(("Actual Startup Time".into(), Val::Num(format!("{st:.3}"))));
            v.push(("Actual Total Time".into(), Val::Num(format!("{tt:.3}"))));
        }
        v.push(("Actual Rows".into(), Val::Num(format!("{r:.0}"))));
        v.push(("Actual Loops".into(), Val::Num(format!("{l:.0}"))));
    }
    if let Some(out) = &n.output {
        v.push(("Output".into(), Val::List(out.clone())));
    }
    for (k, p) in n.all_props() {
        if k == "Sort Method" || k == "Buckets" {
            continue;
        }
        v.push((
            k,
            match p {
                Prop::Text(t) => Val::Str(t),
                Prop::Num(t) => Val::Num(t),
                Prop::List(l) => Val::List(l),
            },
        ));
    }
    let kids: Vec<Vec<(String, Val)>> = n
        .init_plans
        .iter()
        .chain(n.children.iter())
        .chain(n.sub_plans.iter())
        .map(|c| props(c, o))
        .collect();
    if !kids.is_empty() {
        v.push(("Plans".into(), Val::Plans(kids)));
    }
    v
}

fn top(e: &Explained, o: &ExplainOptions) -> Vec<(String, Val)> {
    let mut v = vec![("Plan".to_string(), Val::Obj(props(&e.root, o)))];
    if let Some(p) = e.planning_ms {
        v.push(("Planning Time".into(), Val::Num(format!("{p:.3}"))));
    }
    if o.analyze {
        v.push(("Triggers".into(), Val::Plans(Vec::new())));
    }
    if let Some(x) = e.execution_ms {
        v.push(("Execution Time".into(), Val::Num(format!("{x:.3}"))));
    }
    v
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_obj(v: &[(String, Val)], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (i, (k, val)) in v.iter().enumerate() {
        out.push_str(&pad);
        out.push_str(&json_str(k));
        out.push_str(": ");
        match val {
            Val::Str(s) => out.push_str(&json_str(s)),
            Val::Num(n) => out.push_str(n),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::List(l) => {
                out.push('[');
                out.push_str(&l.iter().map(|s| json_str(s)).collect::<Vec<_>>().join(", "));
                out.push(']');
            }
            Val::Obj(o) => {
                out.push_str("{\n");
                json_obj(o, indent + 2, out);
                out.push('\n');
                out.push_str(&pad);
                out.push('}');
            }
            Val::Plans(ps) => {
                out.push_str("[\n");
                for (j, p) in ps.iter().enumerate() {
                    out.push_str(&pad);
                    out.push_str("  {\n");
                    json_obj(p, indent + 4, out);
                    out.push('\n');
                    out.push_str(&pad);
                    out.push_str("  }");
                    if j + 1 < ps.len() {
                        out.push(',');
                    }
                    out.push('\n');
                }
                out.push_str(&pad);
                out.push(']');
            }
        }
        if i + 1 < v.len() {
            out.push(',');
        }
        out.push('\n');
    }
    if out.ends_with('\n') {
        out.pop();
    }
}

/// FORMAT JSON: one value.
pub fn render_json(e: &Explained, o: &ExplainOptions) -> String {
    let mut s = String::from("[\n  {\n");
    json_obj(&top(e, o), 4, &mut s);
    s.push_str("\n  }\n]");
    s
}

fn yaml_scalar(v: &Val) -> String {
    match v {
        Val::Str(s) => json_str(s),
        Val::Num(n) => n.clone(),
        Val::Bool(b) => (if *b { "true" } else { "false" }).into(),
        _ => String::new(),
    }
}

fn yaml_obj(v: &[(String, Val)], indent: usize, first_prefix: Option<&str>, out: &mut Vec<String>) {
    for (i, (k, val)) in v.iter().enumerate() {
        let pad = match (i, first_prefix) {
            (0, Some(p)) => p.to_string(),
            _ => " ".repeat(indent),
        };
        match val {
            Val::List(l) => {
                out.push(format!("{pad}{k}: "));
                for s in l {
                    out.push(format!("{}  - {}", " ".repeat(indent), json_str(s)));
                }
            }
            Val::Obj(o) => {
                out.push(format!("{pad}{k}: "));
                yaml_obj(o, indent + 2, None, out);
            }
            Val::Plans(ps) => {
                out.push(format!("{pad}{k}: "));
                for p in ps {
                    let prefix = format!("{}  - ", " ".repeat(indent));
                    yaml_obj(p, indent + 4, Some(&prefix), out);
                }
            }
            _ => out.push(format!("{pad}{k}: {}", yaml_scalar(val))),
        }
    }
}

/// FORMAT YAML.
pub fn render_yaml(e: &Explained, o: &ExplainOptions) -> String {
    let mut lines = Vec::new();
    yaml_obj(&top(e, o), 2, Some("- "), &mut lines);
    lines.join("\n")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml_obj(v: &[(String, Val)], indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for (k, val) in v {
        let tag = k.replace(' ', "-");
        match val {
            Val::List(l) => {
                out.push(format!("{pad}<{tag}>"));
                for s in l {
                    out.push(format!("{pad}  <Item>{}</Item>", xml_escape(s)));
                }
                out.push(format!("{pad}</{tag}>"));
            }
            Val::Obj(o) => {
                out.push(format!("{pad}<{tag}>"));
                xml_obj(o, indent + 2, out);
                out.push(format!("{pad}</{tag}>"));
            }
            Val::Plans(ps) => {
                out.push(format!("{pad}<{tag}>"));
                for p in ps {
                    let inner = if tag == "Plans" { "Plan" } else { "Trigger" };
                    out.push(format!("{pad}  <{inner}>"));
                    xml_obj(p, indent + 4, out);
                    out.push(format!("{pad}  </{inner}>"));
                }
                out.push(format!("{pad}</{tag}>"));
            }
            Val::Str(s) => out.push(format!("{pad}<{tag}>{}</{tag}>", xml_escape(s))),
            _ => out.push(format!("{pad}<{tag}>{}</{tag}>", yaml_scalar(val))),
        }
    }
}

/// FORMAT XML.
pub fn render_xml(e: &Explained, o: &ExplainOptions) -> String {
    let mut lines = vec![
        "<explain xmlns=\"http://www.postgresql.org/2009/explain\">".to_string(),
        "  <Query>".to_string(),
    ];
    xml_obj(&top(e, o), 4, &mut lines);
    lines.push("  </Query>".into());
    lines.push("</explain>".into());
    lines.join("\n")
}
