//! COPY option processing: the normalised `(name, value)` pairs from the parser turned into a
//! validated `CopyOptions`, with PostgreSQL 10's defaults, checks and messages.

use common::{pg_err, PgResult};

/// Data format of a COPY.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Csv,
    Binary,
}

/// A column selection option: none, all columns (`*`), or a list of names.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) enum ColumnSel {
    #[default]
    None,
    All,
    List(Vec<String>),
}

impl ColumnSel {
    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, ColumnSel::None)
    }
}

/// Validated COPY options.
#[derive(Clone, Debug)]
pub(crate) struct CopyOptions {
    pub format: Format,
    pub oids: bool,
    /// FREEZE is accepted and has no effect (rows are written with normal visibility).
    #[allow(dead_code)]
    pub freeze: bool,
    pub header: bool,
    pub delimiter: u8,
    pub null: String,
    pub quote: u8,
    pub escape: u8,
    pub force_quote: ColumnSel,
    pub force_not_null: ColumnSel,
    pub force_null: ColumnSel,
}

fn redundant() -> common::PgError {
    pg_err!(SYNTAX_ERROR, "conflicting or redundant options")
}

fn boolean(name: &str, v: &Option<String>) -> PgResult<bool> {
    match v {
        None => Ok(true),
        Some(s) => {
            let l = s.to_ascii_lowercase();
            match l.as_str() {
                "true" | "on" | "1" | "t" | "yes" | "y" => Ok(true),
                "false" | "off" | "0" | "f" | "no" | "n" => Ok(false),
                _ => Err(pg_err!(SYNTAX_ERROR, "{} requires a Boolean value", name)),
            }
        }
    }
}

fn string(name: &str, v: &Option<String>) -> PgResult<String> {
    v.clone()
        .ok_or_else(|| pg_err!(SYNTAX_ERROR, "{} requires a parameter", name))
}

fn column_sel(name: &str, v: &Option<String>, star_ok: bool) -> PgResult<ColumnSel> {
    match v.as_deref() {
        Some("*") if star_ok => Ok(ColumnSel::All),
        Some(s) if !s.is_empty() && s != "*" => Ok(ColumnSel::List(
            s.split(',').map(|x| x.to_string()).collect(),
        )),
        _ => Err(pg_err!(
            SYNTAX_ERROR,
            "argument to option \"{}\" must be a list of column names",
            name
        )),
    }
}

/// Encoding names PostgreSQL accepts (data is always handled as UTF-8 here).
const ENCODINGS: &[&str] = &[
    "utf8",
    "unicode",
    "sqlascii",
    "latin1",
    "latin2",
    "latin3",
    "latin4",
    "latin5",
    "latin6",
    "latin7",
    "latin8",
    "latin9",
    "latin10",
    "win1250",
    "win1251",
    "win1252",
    "win1253",
    "win1254",
    "win1255",
    "win1256",
    "win1257",
    "win1258",
    "win866",
    "win874",
    "koi8r",
    "koi8u",
    "eucjp",
    "euccn",
    "euckr",
    "euctw",
    "eucjis2004",
    "sjis",
    "shiftjis2004",
    "big5",
    "gbk",
    "gb18030",
    "uhc",
    "johab",
    "mulecinternal",
    "iso88591",
    "iso88592",
    "iso88595",
    "iso88596",
    "iso88597",
    "iso88598",
    "iso885913",
    "iso885915",
    "iso885916",
    "windows1252",
    "alt",
    "win",
    "tcvn",
    "tcvn5712",
    "vscii",
    "abc",
    "mskanji",
    "shiftjis",
];

fn valid_encoding(s: &str) -> bool {
    let norm: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ENCODINGS.contains(&norm.as_str())
}

fn single_byte(s: &str) -> Option<u8> {
    match s.as_bytes() {
        [b] => Some(*b),
        _ => None,
    }
}

/// Validate `options` for a COPY FROM (`is_from`) or COPY TO.
pub(crate) fn process(
    options: &[(String, Option<String>)],
    is_from: bool,
) -> PgResult<CopyOptions> {
    let mut format: Option<Format> = None;
    let (mut oids, mut freeze, mut header) = (None, None, None);
    let (mut delim, mut null, mut quote, mut escape, mut encoding) = (
        None::<String>,
        None::<String>,
        None::<String>,
        None::<String>,
        None::<String>,
    );
    let mut force_quote = ColumnSel::None;
    let mut force_not_null = ColumnSel::None;
    let mut force_null = ColumnSel::None;
    for (name, value) in options {
        match name.as_str() {
            "format" => {
                if format.is_some() {
                    return Err(redundant());
                }
                let f = string(name, value)?;
                format = Some(match f.as_str() {
                    "text" => Format::Text,
                    "csv" => Format::Csv,
                    "binary" => Format::Binary,
                    _ => {
                        return Err(pg_err!(
                            INVALID_PARAMETER_VALUE,
                            "COPY format \"{}\" not recognized",
                            f
                        ))
                    }
                });
            }
            "oids" | "freeze" | "header" => {
                let slot = match name.as_str() {
                    "oids" => &mut oids,
                    "freeze" => &mut freeze,
                    _ => &mut header,
                };
                if slot.is_some() {
                    return Err(redundant());
                }
                *slot = Some(boolean(name, value)?);
            }
            "delimiter" | "null" | "quote" | "escape" | "encoding" => {
                let slot = match name.as_str() {
                    "delimiter" => &mut delim,
                    "null" => &mut null,
                    "quote" => &mut quote,
                    "escape" => &mut escape,
                    _ => &mut encoding,
                };
                if slot.is_some() {
                    return Err(redundant());
                }
                *slot = Some(string(name, value)?);
            }
            "force_quote" | "force_not_null" | "force_null" => {
                let (slot, star) = match name.as_str() {
                    "force_quote" => (&mut force_quote, true),
                    "force_not_null" => (&mut force_not_null, false),
                    _ => (&mut force_null, false),
                };
                if slot.is_set() {
                    return Err(redundant());
                }
                *slot = column_sel(name, value, star)?;
            }
            _ => return Err(pg_err!(SYNTAX_ERROR, "option \"{}\" not recognized", name)),
        }
    }
    if let Some(e) = &encoding {
        if !valid_encoding(e) {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "argument to option \"encoding\" must be a valid encoding name"
            ));
        }
    }
    let format = format.unwrap_or(Format::Text);
    let csv = format == Format::Csv;
    let binary = format == Format::Binary;
    if binary && delim.is_some() {
        return Err(pg_err!(
            SYNTAX_ERROR,
            "cannot specify DELIMITER in BINARY mode"
        ));
    }
    if binary && null.is_some() {
        return Err(pg_err!(SYNTAX_ERROR, "cannot specify NULL in BINARY mode"));
    }
    let delim = delim.unwrap_or_else(|| if csv { "," } else { "\t" }.to_string());
    let null = null.unwrap_or_else(|| if csv { "" } else { "\\N" }.to_string());
    let delimiter = single_byte(&delim).ok_or_else(|| {
        pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY delimiter must be a single one-byte character"
        )
    })?;
    if delimiter == b'\r' || delimiter == b'\n' {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "COPY delimiter cannot be newline or carriage return"
        ));
    }
    if null.contains('\r') || null.contains('\n') {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "COPY null representation cannot use newline or carriage return"
        ));
    }
    if !csv && b"\\.abcdefghijklmnopqrstuvwxyz0123456789".contains(&delimiter) {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "COPY delimiter cannot be \"{}\"",
            delim
        ));
    }
    let header = header.unwrap_or(false);
    if !csv && header {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY HEADER available only in CSV mode"
        ));
    }
    if !csv && quote.is_some() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY quote available only in CSV mode"
        ));
    }
    let quote_b = match &quote {
        Some(q) if csv => single_byte(q).ok_or_else(|| {
            pg_err!(
                FEATURE_NOT_SUPPORTED,
                "COPY quote must be a single one-byte character"
            )
        })?,
        _ => b'"',
    };
    if csv && delimiter == quote_b {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "COPY delimiter and quote must be different"
        ));
    }
    if !csv && escape.is_some() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY escape available only in CSV mode"
        ));
    }
    let escape_b = match &escape {
        Some(e) if csv => single_byte(e).ok_or_else(|| {
            pg_err!(
                FEATURE_NOT_SUPPORTED,
                "COPY escape must be a single one-byte character"
            )
        })?,
        _ => quote_b,
    };
    if !csv && force_quote.is_set() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force quote available only in CSV mode"
        ));
    }
    if force_quote.is_set() && is_from {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force quote only available using COPY TO"
        ));
    }
    if !csv && force_not_null.is_set() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force not null available only in CSV mode"
        ));
    }
    if force_not_null.is_set() && !is_from {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force not null only available using COPY FROM"
        ));
    }
    if !csv && force_null.is_set() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force null available only in CSV mode"
        ));
    }
    if force_null.is_set() && !is_from {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY force null only available using COPY FROM"
        ));
    }
    if !binary && null.as_bytes().contains(&delimiter) {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "COPY delimiter must not appear in the NULL specification"
        ));
    }
    if csv && null.as_bytes().contains(&quote_b) {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "CSV quote character must not appear in the NULL specification"
        ));
    }
    Ok(CopyOptions {
        format,
        oids: oids.unwrap_or(false),
        freeze: freeze.unwrap_or(false),
        header,
        delimiter,
        null,
        quote: quote_b,
        escape: escape_b,
        force_quote,
        force_not_null,
        force_null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(v: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.map(|s| s.to_string())))
            .collect()
    }

    fn err(v: &[(&str, Option<&str>)], from: bool) -> String {
        match process(&opts(v), from) {
            Err(e) => e.message,
            Ok(o) => panic!("accepted: {o:?}"),
        }
    }

    #[test]
    fn defaults() {
        let o = process(&[], true).unwrap();
        assert_eq!(
            (o.format, o.delimiter, o.null.as_str()),
            (Format::Text, b'\t', "\\N")
        );
        let o = process(&opts(&[("format", Some("csv"))]), true).unwrap();
        assert_eq!(
            (o.delimiter, o.null.as_str(), o.quote, o.escape),
            (b',', "", b'"', b'"')
        );
    }

    #[test]
    fn messages() {
        assert_eq!(
            err(&[("delimiter", Some("ab"))], true),
            "COPY delimiter must be a single one-byte character"
        );
        assert_eq!(
            err(&[("header", None)], true),
            "COPY HEADER available only in CSV mode"
        );
        assert_eq!(
            err(&[("quote", Some("'"))], true),
            "COPY quote available only in CSV mode"
        );
        assert_eq!(
            err(
                &[("format", Some("binary")), ("delimiter", Some(","))],
                true
            ),
            "cannot specify DELIMITER in BINARY mode"
        );
        assert_eq!(
            err(&[("force_quote", Some("*"))], false),
            "COPY force quote available only in CSV mode"
        );
        assert_eq!(
            err(&[("format", Some("csv")), ("escape", Some("ab"))], true),
            "COPY escape must be a single one-byte character"
        );
        assert_eq!(
            err(&[("format", Some("csv")), ("delimiter", Some("\""))], true),
            "COPY delimiter and quote must be different"
        );
        assert_eq!(
            err(&[("format", Some("csv")), ("force_quote", Some("a"))], true),
            "COPY force quote only available using COPY TO"
        );
        assert_eq!(
            err(
                &[("format", Some("csv")), ("force_not_null", Some("a"))],
                false
            ),
            "COPY force not null only available using COPY FROM"
        );
        assert_eq!(
            err(&[("delimiter", Some("a"))], true),
            "COPY delimiter cannot be \"a\""
        );
        assert_eq!(
            err(&[("delimiter", Some(",")), ("null", Some("a,b"))], true),
            "COPY delimiter must not appear in the NULL specification"
        );
        assert_eq!(
            err(&[("bogus", None)], true),
            "option \"bogus\" not recognized"
        );
        assert_eq!(
            err(&[("format", Some("csv")), ("format", Some("csv"))], true),
            "conflicting or redundant options"
        );
        assert_eq!(
            err(&[("format", Some("xml"))], true),
            "COPY format \"xml\" not recognized"
        );
    }
}
