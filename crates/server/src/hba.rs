//! pg_hba.conf: parsing (connection type, database, user, address, method, options) and
//! matching of an incoming connection to its first matching line.

use common::{PgError, PgResult, Severity};
use std::net::IpAddr;
use std::path::Path;
use wire::auth::AuthMethod;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnType {
    Local,
    Host,
    HostSsl,
    HostNoSsl,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddrMatch {
    All,
    SameHost,
    SameNet,
    Cidr(IpAddr, u8),
    Hostname(String),
}

/// One line of pg_hba.conf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HbaLine {
    pub line: u32,
    pub conn_type: ConnType,
    pub databases: Vec<String>,
    pub users: Vec<String>,
    pub address: Option<AddrMatch>,
    pub method: AuthMethod,
    pub options: Vec<String>,
}

/// The connection being checked.
#[derive(Clone, Debug)]
pub struct HbaRequest<'a> {
    /// None for a Unix-domain socket.
    pub addr: Option<IpAddr>,
    pub user: &'a str,
    pub database: &'a str,
    pub replication: bool,
}

/// Split a line into tokens; commas separate list items, double quotes keep text literal.
/// Returns (token, was_quoted) lists per field.
fn tokenize(line: &str) -> Vec<Vec<(String, bool)>> {
    let mut fields: Vec<Vec<(String, bool)>> = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.peek() {
            None | Some('#') => break,
            _ => {}
        }
        let mut field = Vec::new();
        loop {
            let mut tok = String::new();
            let mut quoted = false;
            while let Some(&c) = chars.peek() {
                if c == '"' {
                    quoted = true;
                    chars.next();
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        tok.push(c);
                    }
                } else if c.is_whitespace() || c == ',' || c == '#' {
                    break;
                } else {
                    tok.push(c);
                    chars.next();
                }
            }
            field.push((tok, quoted));
            if chars.peek() == Some(&',') {
                chars.next();
                continue;
            }
            break;
        }
        fields.push(field);
    }
    fields
}

fn hba_error(msg: String, line: u32, file: &Path) -> PgError {
    let mut e = PgError::new(common::sqlstate::CONFIG_FILE_ERROR, msg).add_context(format!(
        "line {line} of configuration file \"{}\"",
        file.display()
    ));
    e.severity = Severity::Log;
    e
}

fn parse_cidr(s: &str, mask: Option<&str>) -> Option<AddrMatch> {
    let (ip, bits) = match s.split_once('/') {
        Some((ip, bits)) => (ip.parse::<IpAddr>().ok()?, Some(bits.parse::<u8>().ok()?)),
        None => (s.parse::<IpAddr>().ok()?, None),
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = match (bits, mask) {
        (Some(b), _) => b,
        (None, Some(m)) => {
            let m: IpAddr = m.parse().ok()?;
            match m {
                IpAddr::V4(v) => u32::from(v).count_ones() as u8,
                IpAddr::V6(v) => u128::from(v).count_ones() as u8,
            }
        }
        (None, None) => return None,
    };
    (bits <= max).then_some(AddrMatch::Cidr(ip, bits))
}

/// Parse pg_hba.conf text; all errors are collected (each a LOG with CONTEXT).
pub fn parse_hba(text: &str, file: &Path) -> Result<Vec<HbaLine>, Vec<PgError>> {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let ln = n as u32 + 1;
        let fields = tokenize(raw);
        if fields.is_empty() {
            continue;
        }
        let first = &fields[0][0].0;
        let conn_type = match first.as_str() {
            "local" => ConnType::Local,
            "host" => ConnType::Host,
            "hostssl" => ConnType::HostSsl,
            "hostnossl" => ConnType::HostNoSsl,
            _ => {
                errors.push(hba_error(
                    format!("invalid connection type \"{first}\""),
                    ln,
                    file,
                ));
                continue;
            }
        };
        let list = |f: &Vec<(String, bool)>| -> Vec<String> {
            f.iter()
                .map(|(t, q)| if *q { format!("\"{t}") } else { t.clone() })
                .collect()
        };
        let Some(dbs) = fields.get(1) else {
            errors.push(hba_error(
                "end-of-line before database specification".into(),
                ln,
                file,
            ));
            continue;
        };
        let Some(users) = fields.get(2) else {
            errors.push(hba_error(
                "end-of-line before role specification".into(),
                ln,
                file,
            ));
            continue;
        };
        let mut idx = 3;
        let address = if conn_type == ConnType::Local {
            None
        } else {
            let Some(a) = fields.get(3) else {
                errors.push(hba_error(
                    "end-of-line before IP address specification".into(),
                    ln,
                    file,
                ));
                continue;
            };
            idx = 4;
            let tok = a[0].0.as_str();
            Some(match tok {
                "all" => AddrMatch::All,
                "samehost" => AddrMatch::SameHost,
                "samenet" => AddrMatch::SameNet,
                _ if tok.contains('/') => match parse_cidr(tok, None) {
                    Some(m) => m,
                    None => {
                        errors.push(hba_error(format!("invalid IP address \"{tok}\""), ln, file));
                        continue;
                    }
                },
                _ if tok.parse::<IpAddr>().is_ok() => {
                    let mask = fields.get(4).map(|f| f[0].0.clone());
                    match parse_cidr(tok, mask.as_deref()) {
                        Some(m) => {
                            idx = 5;
                            m
                        }
                        None => {
                            errors.push(hba_error(
                                "end-of-line before netmask specification".into(),
                                ln,
                                file,
                            ));
                            continue;
                        }
                    }
                }
                _ => AddrMatch::Hostname(tok.to_string()),
            })
        };
        let Some(m) = fields.get(idx) else {
            errors.push(hba_error(
                "end-of-line before authentication method".into(),
                ln,
                file,
            ));
            continue;
        };
        let mname = m[0].0.as_str();
        let method = match AuthMethod::from_keyword(mname) {
            Some(m) => m,
            // TODO(auth): peer/ident need the OS user of the peer; treated as trust for now.
            None if mname == "peer" || mname == "ident" => AuthMethod::Trust,
            None if ["gss", "sspi", "pam", "ldap", "radius", "cert", "bsd"].contains(&mname) => {
                errors.push(hba_error(
                    format!(
                        "invalid authentication method \"{mname}\": not supported by this build"
                    ),
                    ln,
                    file,
                ));
                continue;
            }
            None => {
                errors.push(hba_error(
                    format!("invalid authentication method \"{mname}\""),
                    ln,
                    file,
                ));
                continue;
            }
        };
        let options = fields[idx + 1..]
            .iter()
            .flat_map(|f| f.iter().map(|(t, _)| t.clone()))
            .collect();
        lines.push(HbaLine {
            line: ln,
            conn_type,
            databases: list(dbs),
            users: list(users),
            address,
            method,
            options,
        });
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// Read and parse a pg_hba.conf file.
pub fn load_hba(path: &Path) -> Result<Vec<HbaLine>, Vec<PgError>> {
    match std::fs::read_to_string(path) {
        Ok(t) => parse_hba(&t, path),
        Err(e) => {
            let mut err = PgError::new(
                common::sqlstate::CONFIG_FILE_ERROR,
                format!(
                    "could not open configuration file \"{}\": {}",
                    path.display(),
                    guc::io_error_text(&e)
                ),
            );
            err.severity = Severity::Log;
            Err(vec![err])
        }
    }
}

fn db_matches(list: &[String], req: &HbaRequest) -> bool {
    list.iter().any(|d| match d.as_str() {
        "all" => !req.replication,
        "replication" => req.replication,
        "sameuser" | "samerole" | "samegroup" => !req.replication && req.database == req.user,
        quoted if quoted.starts_with('"') => !req.replication && &quoted[1..] == req.database,
        name => !req.replication && name == req.database,
    })
}

fn user_matches(list: &[String], req: &HbaRequest) -> bool {
    list.iter().any(|u| match u.as_str() {
        "all" => true,
        quoted if quoted.starts_with('"') => &quoted[1..] == req.user,
        // TODO(auth): +group needs role membership; treated as the role itself.
        group if group.starts_with('+') => &group[1..] == req.user,
        name => name == req.user,
    })
}

fn in_cidr(addr: IpAddr, net: IpAddr, bits: u8) -> bool {
    let addr = match (addr, net) {
        (IpAddr::V6(v6), IpAddr::V4(_)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => return false,
        },
        (a, _) => a,
    };
    match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits as u32)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits as u32)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn addr_matches(m: &AddrMatch, addr: IpAddr) -> bool {
    match m {
        AddrMatch::All => true,
        AddrMatch::SameHost | AddrMatch::SameNet => addr.is_loopback(),
        AddrMatch::Cidr(net, bits) => in_cidr(addr, *net, *bits),
        AddrMatch::Hostname(h) => h == "localhost" && addr.is_loopback(),
    }
}

/// First line matching the request, or None.
pub fn find_match<'a>(lines: &'a [HbaLine], req: &HbaRequest) -> Option<&'a HbaLine> {
    lines.iter().find(|l| {
        let type_ok = match (&l.conn_type, req.addr) {
            (ConnType::Local, None) => true,
            (ConnType::Host | ConnType::HostNoSsl, Some(a)) => {
                l.address.as_ref().is_some_and(|m| addr_matches(m, a))
            }
            _ => false,
        };
        type_ok && db_matches(&l.databases, req) && user_matches(&l.users, req)
    })
}

/// Check a connection against pg_hba.conf: the method to use, or PostgreSQL's FATAL.
pub fn check(lines: &[HbaLine], req: &HbaRequest) -> PgResult<AuthMethod> {
    let host = req
        .addr
        .map(|a| a.to_string())
        .unwrap_or_else(|| "[local]".to_string());
    let what = if req.replication {
        "replication connection".to_string()
    } else {
        format!("database \"{}\"", req.database)
    };
    let fail = |msg: String| {
        PgError::new(common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION, msg)
            .with_severity(Severity::Fatal)
    };
    match find_match(lines, req) {
        None => Err(fail(format!(
            "no pg_hba.conf entry for host \"{host}\", user \"{}\", {what}, SSL off",
            req.user
        ))),
        Some(l) if l.method == AuthMethod::Reject => Err(fail(format!(
            "pg_hba.conf rejects connection for host \"{host}\", user \"{}\", {what}, SSL off",
            req.user
        ))),
        Some(l) => Ok(l.method),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
        local   all             all                                     trust\n\
        host    all             all             127.0.0.1/32            trust\n\
        host    all             all             ::1/128                 trust\n\
        local   replication     all                                     trust\n\
        host    sales,\"Mixed\" bob,+admins 10.0.0.0 255.0.0.0 md5\n\
        host    all             evil            all                     reject\n\
        host    all             all             all                     md5\n";

    fn req<'a>(addr: Option<&str>, user: &'a str, db: &'a str) -> HbaRequest<'a> {
        HbaRequest {
            addr: addr.map(|a| a.parse().unwrap()),
            user,
            database: db,
            replication: false,
        }
    }

    #[test]
    fn parse_and_match() {
        let lines = parse_hba(SAMPLE, Path::new("/d/pg_hba.conf")).unwrap();
        assert_eq!(lines.len(), 7);
        assert_eq!(lines[4].databases, vec!["sales", "\"Mixed"]);
        assert_eq!(
            lines[4].address,
            Some(AddrMatch::Cidr("10.0.0.0".parse().unwrap(), 8))
        );
        assert_eq!(
            check(&lines, &req(None, "x", "y")).unwrap(),
            AuthMethod::Trust
        );
        assert_eq!(
            check(&lines, &req(Some("127.0.0.1"), "x", "y")).unwrap(),
            AuthMethod::Trust
        );
        assert_eq!(
            check(&lines, &req(Some("::ffff:127.0.0.1"), "x", "y")).unwrap(),
            AuthMethod::Trust
        );
        assert_eq!(
            check(&lines, &req(Some("10.1.2.3"), "bob", "Mixed")).unwrap(),
            AuthMethod::Md5
        );
        let e = check(&lines, &req(Some("10.1.2.3"), "evil", "db")).unwrap_err();
        assert_eq!(
            e.message,
            "pg_hba.conf rejects connection for host \"10.1.2.3\", user \"evil\", database \"db\", SSL off"
        );
        let only_local = parse_hba("local all all trust\n", Path::new("x")).unwrap();
        let e = check(&only_local, &req(Some("192.168.1.1"), "u", "d")).unwrap_err();
        assert_eq!(
            e.message,
            "no pg_hba.conf entry for host \"192.168.1.1\", user \"u\", database \"d\", SSL off"
        );
        assert_eq!(
            e.code,
            common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION
        );
    }

    #[test]
    fn errors() {
        let errs = parse_hba(
            "hots all all trust\nhost all all 1.2.3.4/99 trust\nlocal all all magic\n",
            Path::new("/d/pg_hba.conf"),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!(errs[0].message, "invalid connection type \"hots\"");
        assert_eq!(
            errs[0].context.as_deref(),
            Some("line 1 of configuration file \"/d/pg_hba.conf\"")
        );
        assert_eq!(errs[2].message, "invalid authentication method \"magic\"");
    }
}
