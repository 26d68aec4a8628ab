//! The information_schema views (schemata, tables, columns, views, sequences,
//! table_constraints, key_column_usage, referential_constraints, constraint_column_usage,
//! check_constraints, routines, character_sets, information_schema_catalog_name), defined
//! as SELECTs over pg_catalog with PostgreSQL 10's column names and values. Tusk has no
//! domains, so the information_schema domains are replaced by their underlying types:
//! sql_identifier by name, character_data by varchar, cardinal_number by integer and
//! yes_or_no by varchar(3). Like `crate::system_views`, a FROM item naming one of them
//! (`information_schema.x`, or unqualified with information_schema in search_path) is
//! replaced by its defining SELECT.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Schema name of the views defined here.
pub const SCHEMA: &str = "information_schema";

/// Every view this module defines.
pub const VIEW_NAMES: &[&str] = &[
    "information_schema_catalog_name",
    "schemata",
    "tables",
    "columns",
    "views",
    "sequences",
    "table_constraints",
    "key_column_usage",
    "referential_constraints",
    "constraint_column_usage",
    "check_constraints",
    "routines",
    "character_sets",
];

/// `CASE` expression for information_schema._pg_char_max_length(typid, typmod).
fn char_max_length(t: &str, m: &str) -> String {
    format!(
        "CASE WHEN {t} IN (1042, 1043) THEN CASE WHEN {m} = -1 THEN NULL::integer ELSE {m} - 4 END \
         WHEN {t} IN (1560, 1562) THEN CASE WHEN {m} = -1 THEN NULL::integer ELSE {m} END \
         ELSE NULL::integer END"
    )
}

/// _pg_char_octet_length: UTF8 needs up to 4 bytes a character; unlimited is 2^30.
fn char_octet_length(t: &str, m: &str) -> String {
    format!(
        "CASE WHEN {t} IN (25, 1042, 1043) THEN CASE WHEN {m} = -1 THEN 1073741824 \
         ELSE ({m} - 4) * 4 END ELSE NULL::integer END"
    )
}

/// _pg_numeric_precision.
fn numeric_precision(t: &str, m: &str) -> String {
    format!(
        "CASE {t} WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 \
         WHEN 1700 THEN CASE WHEN {m} = -1 THEN NULL::integer ELSE (({m} - 4) >> 16) & 65535 END \
         WHEN 700 THEN 24 WHEN 701 THEN 53 ELSE NULL::integer END"
    )
}

/// _pg_numeric_precision_radix.
fn numeric_precision_radix(t: &str) -> String {
    format!(
        "CASE WHEN {t} IN (21, 23, 20, 700, 701) THEN 2 WHEN {t} IN (1700) THEN 10 \
         ELSE NULL::integer END"
    )
}

/// _pg_numeric_scale.
fn numeric_scale(t: &str, m: &str) -> String {
    format!(
        "CASE WHEN {t} IN (21, 23, 20) THEN 0 \
         WHEN {t} IN (1700) THEN CASE WHEN {m} = -1 THEN NULL::integer ELSE ({m} - 4) & 65535 END \
         ELSE NULL::integer END"
    )
}

/// _pg_datetime_precision.
fn datetime_precision(t: &str, m: &str) -> String {
    format!(
        "CASE WHEN {t} IN (1082) THEN 0 \
         WHEN {t} IN (1083, 1114, 1184, 1266) THEN CASE WHEN {m} < 0 THEN 6 ELSE {m} END \
         WHEN {t} IN (1186) THEN CASE WHEN {m} < 0 OR {m} & 65535 = 65535 THEN 6 ELSE {m} & 65535 END \
         ELSE NULL::integer END"
    )
}

/// data_type as the SQL standard spells it ('ARRAY', 'USER-DEFINED' or format_type's name).
fn data_type(t: &str, typ: &str, typns: &str) -> String {
    format!(
        "CASE WHEN {typ}.typelem <> 0 AND {typ}.typlen = -1 THEN 'ARRAY' \
         WHEN {typns}.nspname = 'pg_catalog' THEN pg_catalog.format_type({t}, NULL) \
         ELSE 'USER-DEFINED' END::varchar"
    )
}

fn yes_no(cond: &str) -> String {
    format!("CASE WHEN {cond} THEN 'YES' ELSE 'NO' END::varchar(3)")
}

const NULL_ID: &str = "NULL::name";

fn build(name: &str) -> Option<String> {
    let db = "pg_catalog.current_database()";
    Some(match name {
        "information_schema_catalog_name" => format!("SELECT {db} AS catalog_name"),
        "schemata" => format!(
            "SELECT {db} AS catalog_name, n.nspname AS schema_name, u.rolname AS schema_owner, \
             {NULL_ID} AS default_character_set_catalog, {NULL_ID} AS default_character_set_schema, \
             {NULL_ID} AS default_character_set_name, NULL::varchar AS sql_path \
             FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_authid u ON n.nspowner = u.oid"
        ),
        "tables" => format!(
            "SELECT {db} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, \
             CASE WHEN c.relpersistence = 't' THEN 'LOCAL TEMPORARY' \
             WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' \
             WHEN c.relkind = 'f' THEN 'FOREIGN TABLE' ELSE NULL END::varchar AS table_type, \
             {NULL_ID} AS self_referencing_column_name, NULL::varchar AS reference_generation, \
             {NULL_ID} AS user_defined_type_catalog, {NULL_ID} AS user_defined_type_schema, \
             {NULL_ID} AS user_defined_type_name, \
             {insertable} AS is_insertable_into, 'NO'::varchar(3) AS is_typed, \
             NULL::varchar AS commit_action \
             FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'v', 'f', 'p') \
             AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid)",
            insertable = yes_no("c.relkind IN ('r', 'p')"),
        ),
        "columns" => {
            let (t, m) = ("a.atttypid", "a.atttypmod");
            format!(
                "SELECT {db} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, \
                 a.attname AS column_name, a.attnum::integer AS ordinal_position, \
                 pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)::varchar AS column_default, \
                 {nullable} AS is_nullable, \
                 {dt} AS data_type, \
                 {cml} AS character_maximum_length, \
                 {col} AS character_octet_length, \
                 {np} AS numeric_precision, \
                 {npr} AS numeric_precision_radix, \
                 {ns} AS numeric_scale, \
                 {dp} AS datetime_precision, \
                 NULL::varchar AS interval_type, NULL::integer AS interval_precision, \
                 {NULL_ID} AS character_set_catalog, {NULL_ID} AS character_set_schema, \
                 {NULL_ID} AS character_set_name, \
                 {NULL_ID} AS collation_catalog, {NULL_ID} AS collation_schema, \
                 {NULL_ID} AS collation_name, \
                 {NULL_ID} AS domain_catalog, {NULL_ID} AS domain_schema, \
                 {NULL_ID} AS domain_name, \
                 {db} AS udt_catalog, nt.nspname AS udt_schema, t.typname AS udt_name, \
                 {NULL_ID} AS scope_catalog, {NULL_ID} AS scope_schema, {NULL_ID} AS scope_name, \
                 NULL::integer AS maximum_cardinality, a.attnum::text::name AS dtd_identifier, \
                 'NO'::varchar(3) AS is_self_referencing, \
                 {identity} AS is_identity, \
                 CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' \
                 ELSE NULL END::varchar AS identity_generation, \
                 NULL::varchar AS identity_start, NULL::varchar AS identity_increment, \
                 NULL::varchar AS identity_maximum, NULL::varchar AS identity_minimum, \
                 NULL::varchar(3) AS identity_cycle, \
                 'NEVER'::varchar AS is_generated, NULL::varchar AS generation_expression, \
                 {updatable} AS is_updatable \
                 FROM pg_catalog.pg_attribute a \
                 LEFT JOIN pg_catalog.pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum \
                 JOIN pg_catalog.pg_class c ON a.attrelid = c.oid \
                 JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid \
                 JOIN pg_catalog.pg_type t ON a.atttypid = t.oid \
                 JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid \
                 WHERE NOT pg_catalog.pg_is_other_temp_schema(nc.oid) AND a.attnum > 0 \
                 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')",
                nullable = yes_no("NOT a.attnotnull"),
                dt = data_type(t, "t", "nt"),
                cml = char_max_length(t, m),
                col = char_octet_length(t, m),
                np = numeric_precision(t, m),
                npr = numeric_precision_radix(t),
                ns = numeric_scale(t, m),
                dp = datetime_precision(t, m),
                identity = yes_no("a.attidentity IN ('a', 'd')"),
                updatable = yes_no("c.relkind IN ('r', 'p')"),
            )
        }
        "views" => format!(
            "SELECT {db} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, \
             pg_catalog.pg_get_viewdef(c.oid)::varchar AS view_definition, \
             'NONE'::varchar AS check_option, 'NO'::varchar(3) AS is_updatable, \
             'NO'::varchar(3) AS is_insertable_into, 'NO'::varchar(3) AS is_trigger_updatable, \
             'NO'::varchar(3) AS is_trigger_deletable, \
             'NO'::varchar(3) AS is_trigger_insertable_into \
             FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON c.relnamespace = nc.oid \
             WHERE c.relkind = 'v' AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid)"
        ),
        "sequences" => format!(
            "SELECT {db} AS sequence_catalog, nc.nspname AS sequence_schema, \
             c.relname AS sequence_name, pg_catalog.format_type(s.seqtypid, NULL)::varchar AS data_type, \
             {np} AS numeric_precision, 2 AS numeric_precision_radix, 0 AS numeric_scale, \
             s.seqstart::varchar AS start_value, s.seqmin::varchar AS minimum_value, \
             s.seqmax::varchar AS maximum_value, s.seqincrement::varchar AS increment, \
             {cycle} AS cycle_option \
             FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON c.relnamespace = nc.oid \
             JOIN pg_catalog.pg_sequence s ON c.oid = s.seqrelid \
             WHERE c.relkind = 'S' AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid)",
            np = numeric_precision("s.seqtypid", "-1"),
            cycle = yes_no("s.seqcycle"),
        ),
        "table_constraints" => format!(
            "SELECT {db} AS constraint_catalog, nc.nspname AS constraint_schema, \
             c.conname AS constraint_name, {db} AS table_catalog, nr.nspname AS table_schema, \
             r.relname AS table_name, \
             CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' \
             WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END::varchar AS constraint_type, \
             {deferrable} AS is_deferrable, {deferred} AS initially_deferred \
             FROM pg_catalog.pg_constraint c \
             JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace \
             JOIN pg_catalog.pg_class r ON c.conrelid = r.oid \
             JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace \
             WHERE c.contype NOT IN ('t', 'x') AND r.relkind IN ('r', 'p') \
             AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid) \
             UNION ALL \
             SELECT {db}, nr.nspname, \
             (nr.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null')::name, \
             {db}, nr.nspname, r.relname, 'CHECK'::varchar, 'NO'::varchar(3), 'NO'::varchar(3) \
             FROM pg_catalog.pg_namespace nr \
             JOIN pg_catalog.pg_class r ON nr.oid = r.relnamespace \
             JOIN pg_catalog.pg_attribute a ON r.oid = a.attrelid \
             WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped \
             AND r.relkind IN ('r', 'p') AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid)",
            deferrable = yes_no("c.condeferrable"),
            deferred = yes_no("c.condeferred"),
        ),
        "key_column_usage" => format!(
            "SELECT {db} AS constraint_catalog, nc.nspname AS constraint_schema, \
             c.conname AS constraint_name, {db} AS table_catalog, nr.nspname AS table_schema, \
             r.relname AS table_name, a.attname AS column_name, \
             pg_catalog.array_position(c.conkey, a.attnum) AS ordinal_position, \
             CASE WHEN c.contype = 'f' THEN \
             COALESCE((SELECT pg_catalog.array_position(u.conkey, \
             c.confkey[pg_catalog.array_position(c.conkey, a.attnum)]) \
             FROM pg_catalog.pg_constraint u WHERE u.conrelid = c.confrelid \
             AND u.contype IN ('p', 'u') AND u.conindid = c.conindid LIMIT 1), \
             pg_catalog.array_position(c.conkey, a.attnum)) \
             ELSE NULL::integer END AS position_in_unique_constraint \
             FROM pg_catalog.pg_constraint c \
             JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace \
             JOIN pg_catalog.pg_class r ON r.oid = c.conrelid \
             JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = ANY (c.conkey) \
             WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') \
             AND NOT a.attisdropped AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid)"
        ),
        "referential_constraints" => format!(
            "SELECT {db} AS constraint_catalog, ncon.nspname AS constraint_schema, \
             con.conname AS constraint_name, \
             CASE WHEN npkc.nspname IS NULL THEN NULL ELSE {db} END AS unique_constraint_catalog, \
             npkc.nspname AS unique_constraint_schema, pkc.conname AS unique_constraint_name, \
             CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' \
             WHEN 's' THEN 'NONE' END::varchar AS match_option, \
             CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
             WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' \
             END::varchar AS update_rule, \
             CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
             WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' \
             END::varchar AS delete_rule \
             FROM pg_catalog.pg_namespace ncon \
             JOIN pg_catalog.pg_constraint con ON ncon.oid = con.connamespace \
             JOIN pg_catalog.pg_class c ON con.conrelid = c.oid AND con.contype = 'f' \
             LEFT JOIN pg_catalog.pg_constraint pkc ON pkc.conrelid = con.confrelid \
             AND pkc.contype IN ('p', 'u') \
             AND (pkc.conindid = con.conindid OR pkc.conkey = con.confkey) \
             LEFT JOIN pg_catalog.pg_namespace npkc ON pkc.connamespace = npkc.oid \
             WHERE NOT pg_catalog.pg_is_other_temp_schema(ncon.oid)"
        ),
        "constraint_column_usage" => format!(
            "SELECT {db} AS table_catalog, nr.nspname AS table_schema, r.relname AS table_name, \
             a.attname AS column_name, {db} AS constraint_catalog, \
             nc.nspname AS constraint_schema, c.conname AS constraint_name \
             FROM pg_catalog.pg_constraint c \
             JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace \
             JOIN pg_catalog.pg_class r \
             ON r.oid = CASE c.contype WHEN 'f' THEN c.confrelid ELSE c.conrelid END \
             JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid \
             AND a.attnum = ANY (CASE c.contype WHEN 'f' THEN c.confkey ELSE c.conkey END) \
             WHERE c.contype IN ('c', 'p', 'u', 'f') AND r.relkind IN ('r', 'p') \
             AND NOT a.attisdropped"
        ),
        "check_constraints" => format!(
            "SELECT {db} AS constraint_catalog, rs.nspname AS constraint_schema, \
             con.conname AS constraint_name, \
             pg_catalog.substr(pg_catalog.pg_get_constraintdef(con.oid), 7)::varchar AS check_clause \
             FROM pg_catalog.pg_constraint con \
             LEFT JOIN pg_catalog.pg_namespace rs ON rs.oid = con.connamespace \
             WHERE con.contype = 'c' \
             UNION ALL \
             SELECT {db}, n.nspname, \
             (n.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null')::name, \
             (a.attname::text || ' IS NOT NULL')::varchar \
             FROM pg_catalog.pg_namespace n \
             JOIN pg_catalog.pg_class r ON n.oid = r.relnamespace \
             JOIN pg_catalog.pg_attribute a ON r.oid = a.attrelid \
             WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull \
             AND r.relkind IN ('r', 'p')"
        ),
        "routines" => format!(
            "SELECT {db} AS specific_catalog, n.nspname AS specific_schema, \
             (p.proname::text || '_' || p.oid::text)::name AS specific_name, \
             {db} AS routine_catalog, n.nspname AS routine_schema, p.proname AS routine_name, \
             'FUNCTION'::varchar AS routine_type, \
             {NULL_ID} AS module_catalog, {NULL_ID} AS module_schema, {NULL_ID} AS module_name, \
             {NULL_ID} AS udt_catalog, {NULL_ID} AS udt_schema, {NULL_ID} AS udt_name, \
             {dt} AS data_type, \
             {db} AS type_udt_catalog, nt.nspname AS type_udt_schema, t.typname AS type_udt_name, \
             CASE WHEN l.lanname = 'sql' THEN 'SQL' ELSE 'EXTERNAL' END::varchar AS routine_body, \
             CASE WHEN l.lanname IN ('internal', 'c') THEN NULL ELSE p.prosrc END::varchar \
             AS routine_definition, \
             CASE WHEN l.lanname = 'c' THEN p.prosrc ELSE NULL END::varchar AS external_name, \
             pg_catalog.upper(l.lanname::text)::varchar AS external_language, \
             'GENERAL'::varchar AS parameter_style, \
             {deterministic} AS is_deterministic, 'MODIFIES'::varchar AS sql_data_access, \
             {null_call} AS is_null_call, \
             CASE WHEN p.prosecdef THEN 'DEFINER' ELSE 'INVOKER' END::varchar AS security_type \
             FROM pg_catalog.pg_namespace n \
             JOIN pg_catalog.pg_proc p ON n.oid = p.pronamespace \
             JOIN pg_catalog.pg_language l ON p.prolang = l.oid \
             LEFT JOIN pg_catalog.pg_type t ON p.prorettype = t.oid \
             LEFT JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid",
            dt = data_type("p.prorettype", "t", "nt"),
            deterministic = yes_no("p.provolatile = 'i'"),
            null_call = yes_no("p.proisstrict"),
        ),
        "character_sets" => format!(
            "SELECT {NULL_ID} AS character_set_catalog, {NULL_ID} AS character_set_schema, \
             pg_catalog.pg_encoding_to_char(d.encoding) AS character_set_name, \
             CASE WHEN pg_catalog.pg_encoding_to_char(d.encoding) = 'UTF8' THEN 'UCS'::name \
             ELSE pg_catalog.pg_encoding_to_char(d.encoding) END AS character_repertoire, \
             pg_catalog.pg_encoding_to_char(d.encoding) AS form_of_use, \
             {db} AS default_collate_catalog, 'pg_catalog'::name AS default_collate_schema, \
             d.datcollate::name AS default_collate_name \
             FROM pg_catalog.pg_database d WHERE d.datname = {db}"
        ),
        _ => return None,
    })
}

/// The defining SELECT of information_schema view `name`, if Tusk provides it.
pub fn definition(name: &str) -> Option<&'static str> {
    static DEFS: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    let defs = DEFS.get_or_init(|| {
        VIEW_NAMES
            .iter()
            .filter_map(|n| build(n).map(|d| (*n, d)))
            .collect()
    });
    defs.get(name).map(|s| s.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_parse() {
        for n in VIEW_NAMES {
            let text = definition(n).unwrap_or("");
            assert!(!text.is_empty(), "{}", n);
            if let Err(e) = crate::views::parse_view_query(text) {
                panic!("{}: {:?}", n, e);
            }
        }
        assert!(definition("pg_class").is_none());
    }

    #[test]
    fn type_helpers() {
        assert!(char_max_length("x", "m").contains("m - 4"));
        assert!(numeric_precision("x", "-1").contains("WHEN 23 THEN 32"));
    }
}
