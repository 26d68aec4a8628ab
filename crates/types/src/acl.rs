//! aclitem: access-privilege items (`grantee=privs/grantor`, PostgreSQL's aclitemin /
//! aclitemout text forms), the privilege letters, `acldefault`'s built-in default ACLs per
//! object kind, and the aclitem = operator. An aclitem is stored as `Datum::Text` holding
//! its canonical text (role names, not OIDs: this module has no catalog access).

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};

/// Privilege letters in output order (ACL_ALL_RIGHTS_STR).
pub const RIGHTS: &str = "arwdDxtXUCTc";

/// One parsed aclitem. `grantee` is empty for PUBLIC; `privs` / `grant_opts` are bit sets
/// indexed by the position of the letter in [`RIGHTS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclItem {
    pub grantee: String,
    pub grantor: String,
    pub privs: u16,
    pub grant_opts: u16,
}

fn bad(msg: &str) -> PgError {
    pg_err!(INVALID_TEXT_REPRESENTATION, "{}", msg)
}

/// Read a role name (plain identifier characters or a double-quoted name) from `s`.
fn get_id(s: &[u8], mut i: usize) -> PgResult<(String, usize)> {
    let mut out = Vec::new();
    let mut quoted = false;
    while i < s.len() {
        let c = s[i];
        if quoted {
            if c == b'"' {
                if s.get(i + 1) == Some(&b'"') {
                    out.push(b'"');
                    i += 2;
                    continue;
                }
                quoted = false;
                i += 1;
                continue;
            }
            out.push(c);
        } else if c == b'"' {
            quoted = true;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            out.push(c);
        } else {
            break;
        }
        if out.len() >= 64 {
            return Err(pg_err!(NAME_TOO_LONG, "identifier too long"));
        }
        i += 1;
    }
    if quoted {
        return Err(bad("unterminated name"));
    }
    Ok((String::from_utf8_lossy(&out).into_owned(), i))
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Parse the text form of an aclitem (aclitemin).
pub fn parse(text: &str) -> PgResult<AclItem> {
    let s = text.as_bytes();
    let i = skip_ws(s, 0);
    let (grantee, i) = get_id(s, i)?;
    let mut i = skip_ws(s, i);
    if s.get(i) != Some(&b'=') {
        return Err(bad("missing \"=\" sign"));
    }
    i += 1;
    let (mut privs, mut opts) = (0u16, 0u16);
    let mut last: Option<u16> = None;
    while i < s.len() && !s[i].is_ascii_whitespace() && s[i] != b'/' {
        let c = s[i];
        if c == b'*' {
            if let Some(b) = last {
                opts |= b;
            }
        } else {
            let Some(pos) = RIGHTS.bytes().position(|r| r == c) else {
                return Err(bad(
                    "invalid mode character: must be one of \"arwdDxtXUCTc\"",
                ));
            };
            let b = 1u16 << pos;
            privs |= b;
            last = Some(b);
        }
        i += 1;
    }
    let mut i = skip_ws(s, i);
    let mut grantor = String::new();
    if s.get(i) == Some(&b'/') {
        let j = skip_ws(s, i + 1);
        let (g, j) = get_id(s, j)?;
        if g.is_empty() {
            return Err(bad("a name must follow the \"/\" sign"));
        }
        grantor = g;
        i = j;
    }
    let i = skip_ws(s, i);
    if i < s.len() {
        return Err(bad("extra garbage at the end of the ACL specification"));
    }
    Ok(AclItem {
        grantee,
        grantor,
        privs,
        grant_opts: opts,
    })
}

/// Append a role name as aclitemout does: double-quoted unless made only of
/// alphanumerics and underscores.
fn put_id(name: &str, out: &mut String) {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80);
    if plain || name.is_empty() {
        out.push_str(name);
        return;
    }
    out.push('"');
    for ch in name.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    out.push('"');
}

/// The canonical text of an aclitem (aclitemout).
pub fn format(item: &AclItem) -> String {
    let mut out = String::new();
    put_id(&item.grantee, &mut out);
    out.push('=');
    for (pos, c) in RIGHTS.chars().enumerate() {
        let b = 1u16 << pos;
        if item.privs & b != 0 {
            out.push(c);
            if item.grant_opts & b != 0 {
                out.push('*');
            }
        }
    }
    if !item.grantor.is_empty() {
        out.push('/');
        put_id(&item.grantor, &mut out);
    }
    out
}

fn privs_of(letters: &str) -> u16 {
    letters
        .bytes()
        .filter_map(|c| RIGHTS.bytes().position(|r| r == c))
        .fold(0, |acc, p| acc | (1 << p))
}

/// The text of the aclitem granting privilege `letters` to `grantee` ("" = PUBLIC), granted
/// by `grantor`.
pub fn item_text(grantee: &str, letters: &str, grantor: &str) -> String {
    format(&AclItem {
        grantee: grantee.to_string(),
        grantor: grantor.to_string(),
        privs: privs_of(letters),
        grant_opts: 0,
    })
}

/// acldefault(objtype, owner): the ACL an object of kind `objtype` has while its acl column
/// is NULL (PostgreSQL 10's built-in defaults). `owner` is the owner's role name.
pub fn acl_default(objtype: u8, owner: &str) -> PgResult<Vec<String>> {
    // (PUBLIC's rights, the owner's rights)
    let (world, own) = match objtype {
        b'c' => ("", ""),
        b'r' => ("", "arwdDxt"),
        b's' => ("", "rwU"),
        b'd' => ("Tc", "CTc"),
        b'f' => ("X", "X"),
        b'l' => ("U", "U"),
        b'L' => ("", "rw"),
        b'n' => ("", "UC"),
        b't' => ("", "C"),
        b'F' => ("", "U"),
        b'S' => ("", "U"),
        b'T' => ("U", "U"),
        c => {
            return Err(PgError::internal(format!(
                "unrecognized objtype abbreviation: {}",
                c as char
            )))
        }
    };
    let mut v = Vec::new();
    for (grantee, letters) in [("", world), (owner, own)] {
        if letters.is_empty() {
            continue;
        }
        v.push(item_text(grantee, letters, owner));
    }
    Ok(v)
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != ACLITEM {
        return None;
    }
    Some(parse(s).map(|a| Datum::Text(format(&a))))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != ACLITEM {
        return Ok(false);
    }
    match d {
        Datum::Text(s) => out.push_str(s),
        other => {
            return Err(PgError::internal(format!(
                "expected an aclitem value, got {other:?}"
            )))
        }
    }
    Ok(true)
}

/// aclitem has no binary I/O in PostgreSQL.
pub fn receive(typ: Oid, _typmod: i32, _b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != ACLITEM {
        return None;
    }
    Some(Err(pg_err!(
        UNDEFINED_FUNCTION,
        "no binary input function available for type aclitem"
    )))
}

pub fn send(typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != ACLITEM {
        return Ok(false);
    }
    Err(pg_err!(
        UNDEFINED_FUNCTION,
        "no binary output function available for type aclitem"
    ))
}

pub fn apply_typmod(
    _typ: Oid,
    _d: &Datum,
    _typmod: i32,
    _explicit: bool,
) -> Option<PgResult<Datum>> {
    None
}

fn aclitem_eq(args: &[Datum], _cx: &FuncCtx) -> PgResult<Datum> {
    let (a, b) = match (&args[0], &args[1]) {
        (Datum::Text(a), Datum::Text(b)) => (parse(a)?, parse(b)?),
        _ => return Ok(Datum::Null),
    };
    // Equal grantee and grantor and the same privileges (with grant options).
    Ok(Datum::Bool(a == b))
}

pub fn procs() -> Vec<ProcDef> {
    vec![ProcDef {
        oid: 1062,
        name: "aclitemeq",
        arg_types: &[ACLITEM, ACLITEM],
        ret_type: BOOL,
        strict: true,
        volatility: b'i',
        variadic: 0,
        retset: false,
        func: aclitem_eq,
    }]
}

pub fn opers() -> Vec<OperDef> {
    vec![OperDef {
        oid: 974,
        name: "=",
        left: ACLITEM,
        right: ACLITEM,
        result: BOOL,
        proc_oid: 1062,
        commutator: 974,
        negator: 0,
    }]
}

pub fn casts() -> Vec<CastDef> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> PgResult<String> {
        parse(s).map(|a| format(&a))
    }

    #[test]
    fn defaults_match_postgres() {
        let d = |t: u8| acl_default(t, "postgres").map(|v| v.join(","));
        assert_eq!(d(b'r').ok().as_deref(), Some("postgres=arwdDxt/postgres"));
        assert_eq!(d(b's').ok().as_deref(), Some("postgres=rwU/postgres"));
        assert_eq!(
            d(b'd').ok().as_deref(),
            Some("=Tc/postgres,postgres=CTc/postgres")
        );
        assert_eq!(
            d(b'f').ok().as_deref(),
            Some("=X/postgres,postgres=X/postgres")
        );
        assert_eq!(d(b'n').ok().as_deref(), Some("postgres=UC/postgres"));
        assert_eq!(
            d(b'T').ok().as_deref(),
            Some("=U/postgres,postgres=U/postgres")
        );
        assert_eq!(d(b'c').ok().as_deref(), Some(""));
        assert!(d(b'z').is_err());
        assert_eq!(
            acl_default(b'r', "Joe Q").ok(),
            Some(vec!["\"Joe Q\"=arwdDxt/\"Joe Q\"".to_string()])
        );
    }

    #[test]
    fn text_io() {
        assert_eq!(
            canon("joe=rw/postgres").ok().as_deref(),
            Some("joe=rw/postgres")
        );
        // Letters come out in canonical order, grant options kept.
        assert_eq!(
            canon("joe=wr*/postgres").ok().as_deref(),
            Some("joe=r*w/postgres")
        );
        assert_eq!(canon(" =U/postgres").ok().as_deref(), Some("=U/postgres"));
        assert_eq!(
            canon("\"a b\"=r/postgres").ok().as_deref(),
            Some("\"a b\"=r/postgres")
        );
        let e = |s: &str| canon(s).err().map(|e| e.message);
        assert_eq!(e("joe").as_deref(), Some("missing \"=\" sign"));
        assert_eq!(
            e("joe=q/postgres").as_deref(),
            Some("invalid mode character: must be one of \"arwdDxtXUCTc\"")
        );
        assert_eq!(
            e("joe=r/").as_deref(),
            Some("a name must follow the \"/\" sign")
        );
        assert_eq!(
            e("joe=r/postgres x").as_deref(),
            Some("extra garbage at the end of the ACL specification")
        );
    }
}
