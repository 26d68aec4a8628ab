//! Catalog-inspection functions psql and other clients call (pg_get_userbyid, pg_get_expr,
//! pg_table_is_visible, obj_description, pg_get_indexdef, has_*_privilege, ...): their
//! signatures for overload resolution. The executor implements them
//! (executor/src/catalog_funcs.rs) because they read the catalogs.

use common::Oid;
use types::oids::*;

/// One catalog function; evaluated by `executor::catalog_funcs::call`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogFn {
    GetUserById,
    GetExpr,
    TableIsVisible,
    TypeIsVisible,
    /// Visibility tests Tusk answers with true (functions, operators, ...).
    AlwaysVisible,
    EncodingToChar,
    ObjDescription,
    ColDescription,
    ShobjDescription,
    GetFunctionResult,
    GetFunctionArguments,
    GetIndexDef,
    GetConstraintDef,
    /// has_*_privilege: Tusk has no ACLs yet, so always true.
    HasPrivilege,
    TablespaceLocation,
    GetViewDef,
    RelationIsPublishable,
    /// pg_relation_size (main fork) / pg_table_size.
    RelationSize,
    /// pg_total_relation_size: the table and its indexes.
    TotalRelationSize,
    IndexesSize,
    DatabaseSize,
    SizePretty,
    /// pg_sequence_last_value(regclass): the sequence's last_value, NULL before the first
    /// nextval (pg_sequences.last_value).
    SequenceLastValue,
    /// pg_is_other_temp_schema(oid): Tusk answers false.
    IsOtherTempSchema,
    /// acldefault("char", oid): the built-in default ACL of an object kind for an owner.
    AclDefault,
}

/// (name, argument types, result type, implementation) for every catalog function.
pub fn entries() -> Vec<(&'static str, Vec<Oid>, Oid, CatalogFn)> {
    use CatalogFn::*;
    let mut v: Vec<(&'static str, Vec<Oid>, Oid, CatalogFn)> = vec![
        ("pg_get_userbyid", vec![OID], NAME, GetUserById),
        ("pg_get_expr", vec![PG_NODE_TREE, OID], TEXT, GetExpr),
        ("pg_get_expr", vec![PG_NODE_TREE, OID, BOOL], TEXT, GetExpr),
        ("pg_get_expr", vec![TEXT, OID], TEXT, GetExpr),
        ("pg_get_expr", vec![TEXT, OID, BOOL], TEXT, GetExpr),
        ("pg_table_is_visible", vec![OID], BOOL, TableIsVisible),
        ("pg_type_is_visible", vec![OID], BOOL, TypeIsVisible),
        ("pg_encoding_to_char", vec![INT4], NAME, EncodingToChar),
        ("obj_description", vec![OID, NAME], TEXT, ObjDescription),
        ("obj_description", vec![OID], TEXT, ObjDescription),
        ("col_description", vec![OID, INT4], TEXT, ColDescription),
        ("shobj_description", vec![OID, NAME], TEXT, ShobjDescription),
        ("pg_get_function_result", vec![OID], TEXT, GetFunctionResult),
        (
            "pg_get_function_arguments",
            vec![OID],
            TEXT,
            GetFunctionArguments,
        ),
        (
            "pg_get_function_identity_arguments",
            vec![OID],
            TEXT,
            GetFunctionArguments,
        ),
        ("pg_get_indexdef", vec![OID], TEXT, GetIndexDef),
        ("pg_get_indexdef", vec![OID, INT4, BOOL], TEXT, GetIndexDef),
        ("pg_get_constraintdef", vec![OID], TEXT, GetConstraintDef),
        // No user triggers exist (pg_trigger stays empty, foreign keys are enforced without
        // them): psql's \d asks anyway once relhastriggers is set; NULL for any OID.
        ("pg_get_triggerdef", vec![OID], TEXT, GetConstraintDef),
        ("pg_get_triggerdef", vec![OID, BOOL], TEXT, GetConstraintDef),
        (
            "pg_get_constraintdef",
            vec![OID, BOOL],
            TEXT,
            GetConstraintDef,
        ),
        (
            "pg_tablespace_location",
            vec![OID],
            TEXT,
            TablespaceLocation,
        ),
        ("pg_get_viewdef", vec![OID], TEXT, GetViewDef),
        (
            "pg_relation_is_publishable",
            vec![REGCLASS],
            BOOL,
            RelationIsPublishable,
        ),
        ("pg_get_viewdef", vec![OID, BOOL], TEXT, GetViewDef),
        ("pg_get_viewdef", vec![OID, INT4], TEXT, GetViewDef),
    ];
    for (name, f) in [
        ("pg_relation_size", RelationSize),
        ("pg_table_size", RelationSize),
        ("pg_total_relation_size", TotalRelationSize),
        ("pg_indexes_size", IndexesSize),
    ] {
        v.push((name, vec![REGCLASS], INT8, f));
    }
    v.push(("pg_relation_size", vec![REGCLASS, TEXT], INT8, RelationSize));
    v.push(("pg_database_size", vec![NAME], INT8, DatabaseSize));
    v.push(("pg_database_size", vec![OID], INT8, DatabaseSize));
    v.push(("pg_size_pretty", vec![INT8], TEXT, SizePretty));
    v.push(("pg_size_pretty", vec![NUMERIC], TEXT, SizePretty));
    v.push((
        "pg_sequence_last_value",
        vec![REGCLASS],
        INT8,
        SequenceLastValue,
    ));
    v.push(("acldefault", vec![CHAR, OID], ACLITEM_ARRAY, AclDefault));
    v.push((
        "pg_is_other_temp_schema",
        vec![OID],
        BOOL,
        IsOtherTempSchema,
    ));
    for args in [
        vec![NAME, TEXT],
        vec![OID, TEXT],
        vec![NAME, NAME, TEXT],
        vec![NAME, OID, TEXT],
        vec![OID, NAME, TEXT],
        vec![OID, OID, TEXT],
    ] {
        v.push(("pg_has_role", args, BOOL, HasPrivilege));
    }
    for name in [
        "pg_function_is_visible",
        "pg_operator_is_visible",
        "pg_opclass_is_visible",
        "pg_opfamily_is_visible",
        "pg_collation_is_visible",
        "pg_conversion_is_visible",
        "pg_ts_config_is_visible",
        "pg_ts_dict_is_visible",
        "pg_ts_parser_is_visible",
        "pg_ts_template_is_visible",
    ] {
        v.push((name, vec![OID], BOOL, AlwaysVisible));
    }
    for name in [
        "has_table_privilege",
        "has_sequence_privilege",
        "has_schema_privilege",
        "has_database_privilege",
        "has_function_privilege",
        "has_language_privilege",
        "has_tablespace_privilege",
        "has_foreign_data_wrapper_privilege",
        "has_server_privilege",
        "has_type_privilege",
    ] {
        v.push((name, vec![TEXT, TEXT], BOOL, HasPrivilege));
        v.push((name, vec![OID, TEXT], BOOL, HasPrivilege));
        v.push((name, vec![NAME, TEXT, TEXT], BOOL, HasPrivilege));
        v.push((name, vec![NAME, OID, TEXT], BOOL, HasPrivilege));
        v.push((name, vec![OID, TEXT, TEXT], BOOL, HasPrivilege));
        v.push((name, vec![OID, OID, TEXT], BOOL, HasPrivilege));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_have_unique_signatures() {
        let e = entries();
        for (i, a) in e.iter().enumerate() {
            for b in &e[i + 1..] {
                assert!(!(a.0 == b.0 && a.1 == b.1), "duplicate {}", a.0);
            }
        }
        assert!(e.iter().any(|x| x.0 == "pg_get_userbyid"));
    }
}
