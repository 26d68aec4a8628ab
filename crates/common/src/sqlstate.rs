//! SQLSTATE codes, with PostgreSQL's condition names (errcodes.txt facts).

use std::fmt;

/// A five-character SQLSTATE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SqlState(pub [u8; 5]);

impl SqlState {
    /// The code as text, e.g. "42601".
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XX000")
    }
    /// Parse a 5-character code.
    pub fn from_code(s: &str) -> Option<SqlState> {
        let b = s.as_bytes();
        if b.len() != 5
            || !b
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        {
            return None;
        }
        Some(SqlState([b[0], b[1], b[2], b[3], b[4]]))
    }
    /// Look up a condition name as PL/pgSQL writes it (lower case), e.g. "division_by_zero".
    pub fn from_condition_name(name: &str) -> Option<SqlState> {
        CONDITION_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, c)| *c)
    }
}

impl fmt::Display for SqlState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub const SUCCESSFUL_COMPLETION: SqlState = SqlState(*b"00000");
pub const WARNING: SqlState = SqlState(*b"01000");
pub const WARNING_DYNAMIC_RESULT_SETS_RETURNED: SqlState = SqlState(*b"0100C");
pub const WARNING_IMPLICIT_ZERO_BIT_PADDING: SqlState = SqlState(*b"01008");
pub const WARNING_NULL_VALUE_ELIMINATED_IN_SET_FUNCTION: SqlState = SqlState(*b"01003");
pub const WARNING_PRIVILEGE_NOT_GRANTED: SqlState = SqlState(*b"01007");
pub const WARNING_PRIVILEGE_NOT_REVOKED: SqlState = SqlState(*b"01006");
pub const WARNING_STRING_DATA_RIGHT_TRUNCATION: SqlState = SqlState(*b"01004");
pub const WARNING_DEPRECATED_FEATURE: SqlState = SqlState(*b"01P01");
pub const NO_DATA: SqlState = SqlState(*b"02000");
pub const NO_ADDITIONAL_DYNAMIC_RESULT_SETS_RETURNED: SqlState = SqlState(*b"02001");
pub const SQL_STATEMENT_NOT_YET_COMPLETE: SqlState = SqlState(*b"03000");
pub const CONNECTION_EXCEPTION: SqlState = SqlState(*b"08000");
pub const CONNECTION_DOES_NOT_EXIST: SqlState = SqlState(*b"08003");
pub const CONNECTION_FAILURE: SqlState = SqlState(*b"08006");
pub const SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION: SqlState = SqlState(*b"08001");
pub const SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION: SqlState = SqlState(*b"08004");
pub const TRANSACTION_RESOLUTION_UNKNOWN: SqlState = SqlState(*b"08007");
pub const PROTOCOL_VIOLATION: SqlState = SqlState(*b"08P01");
pub const TRIGGERED_ACTION_EXCEPTION: SqlState = SqlState(*b"09000");
pub const FEATURE_NOT_SUPPORTED: SqlState = SqlState(*b"0A000");
pub const INVALID_TRANSACTION_INITIATION: SqlState = SqlState(*b"0B000");
pub const LOCATOR_EXCEPTION: SqlState = SqlState(*b"0F000");
pub const INVALID_LOCATOR_SPECIFICATION: SqlState = SqlState(*b"0F001");
pub const INVALID_GRANTOR: SqlState = SqlState(*b"0L000");
pub const INVALID_GRANT_OPERATION: SqlState = SqlState(*b"0LP01");
pub const INVALID_ROLE_SPECIFICATION: SqlState = SqlState(*b"0P000");
pub const DIAGNOSTICS_EXCEPTION: SqlState = SqlState(*b"0Z000");
pub const STACKED_DIAGNOSTICS_ACCESSED_WITHOUT_ACTIVE_HANDLER: SqlState = SqlState(*b"0Z002");
pub const CASE_NOT_FOUND: SqlState = SqlState(*b"20000");
pub const CARDINALITY_VIOLATION: SqlState = SqlState(*b"21000");
pub const DATA_EXCEPTION: SqlState = SqlState(*b"22000");
pub const ARRAY_SUBSCRIPT_ERROR: SqlState = SqlState(*b"2202E");
pub const CHARACTER_NOT_IN_REPERTOIRE: SqlState = SqlState(*b"22021");
pub const DATETIME_FIELD_OVERFLOW: SqlState = SqlState(*b"22008");
pub const DIVISION_BY_ZERO: SqlState = SqlState(*b"22012");
pub const ERROR_IN_ASSIGNMENT: SqlState = SqlState(*b"22005");
pub const ESCAPE_CHARACTER_CONFLICT: SqlState = SqlState(*b"2200B");
pub const INDICATOR_OVERFLOW: SqlState = SqlState(*b"22022");
pub const INTERVAL_FIELD_OVERFLOW: SqlState = SqlState(*b"22015");
pub const INVALID_ARGUMENT_FOR_LOGARITHM: SqlState = SqlState(*b"2201E");
pub const INVALID_ARGUMENT_FOR_NTILE_FUNCTION: SqlState = SqlState(*b"22014");
pub const INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION: SqlState = SqlState(*b"22016");
pub const INVALID_ARGUMENT_FOR_POWER_FUNCTION: SqlState = SqlState(*b"2201F");
pub const INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION: SqlState = SqlState(*b"2201G");
pub const INVALID_CHARACTER_VALUE_FOR_CAST: SqlState = SqlState(*b"22018");
pub const INVALID_DATETIME_FORMAT: SqlState = SqlState(*b"22007");
pub const INVALID_ESCAPE_CHARACTER: SqlState = SqlState(*b"22019");
pub const INVALID_ESCAPE_OCTET: SqlState = SqlState(*b"2200D");
pub const INVALID_ESCAPE_SEQUENCE: SqlState = SqlState(*b"22025");
pub const NONSTANDARD_USE_OF_ESCAPE_CHARACTER: SqlState = SqlState(*b"22P06");
pub const INVALID_INDICATOR_PARAMETER_VALUE: SqlState = SqlState(*b"22010");
pub const INVALID_PARAMETER_VALUE: SqlState = SqlState(*b"22023");
pub const INVALID_REGULAR_EXPRESSION: SqlState = SqlState(*b"2201B");
pub const INVALID_ROW_COUNT_IN_LIMIT_CLAUSE: SqlState = SqlState(*b"2201W");
pub const INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE: SqlState = SqlState(*b"2201X");
pub const INVALID_TABLESAMPLE_ARGUMENT: SqlState = SqlState(*b"2202H");
pub const INVALID_TABLESAMPLE_REPEAT: SqlState = SqlState(*b"2202G");
pub const INVALID_TIME_ZONE_DISPLACEMENT_VALUE: SqlState = SqlState(*b"22009");
pub const INVALID_USE_OF_ESCAPE_CHARACTER: SqlState = SqlState(*b"2200C");
pub const MOST_SPECIFIC_TYPE_MISMATCH: SqlState = SqlState(*b"2200G");
pub const NULL_VALUE_NOT_ALLOWED: SqlState = SqlState(*b"22004");
pub const NULL_VALUE_NO_INDICATOR_PARAMETER: SqlState = SqlState(*b"22002");
pub const NUMERIC_VALUE_OUT_OF_RANGE: SqlState = SqlState(*b"22003");
pub const SEQUENCE_GENERATOR_LIMIT_EXCEEDED: SqlState = SqlState(*b"2200H");
pub const STRING_DATA_LENGTH_MISMATCH: SqlState = SqlState(*b"22026");
pub const STRING_DATA_RIGHT_TRUNCATION: SqlState = SqlState(*b"22001");
pub const SUBSTRING_ERROR: SqlState = SqlState(*b"22011");
pub const TRIM_ERROR: SqlState = SqlState(*b"22027");
pub const UNTERMINATED_C_STRING: SqlState = SqlState(*b"22024");
pub const ZERO_LENGTH_CHARACTER_STRING: SqlState = SqlState(*b"2200F");
pub const FLOATING_POINT_EXCEPTION: SqlState = SqlState(*b"22P01");
pub const INVALID_TEXT_REPRESENTATION: SqlState = SqlState(*b"22P02");
pub const INVALID_BINARY_REPRESENTATION: SqlState = SqlState(*b"22P03");
pub const BAD_COPY_FILE_FORMAT: SqlState = SqlState(*b"22P04");
pub const UNTRANSLATABLE_CHARACTER: SqlState = SqlState(*b"22P05");
pub const NOT_AN_XML_DOCUMENT: SqlState = SqlState(*b"2200L");
pub const INVALID_XML_DOCUMENT: SqlState = SqlState(*b"2200M");
pub const INVALID_XML_CONTENT: SqlState = SqlState(*b"2200N");
pub const INVALID_XML_COMMENT: SqlState = SqlState(*b"2200S");
pub const INVALID_XML_PROCESSING_INSTRUCTION: SqlState = SqlState(*b"2200T");
pub const INTEGRITY_CONSTRAINT_VIOLATION: SqlState = SqlState(*b"23000");
pub const RESTRICT_VIOLATION: SqlState = SqlState(*b"23001");
pub const NOT_NULL_VIOLATION: SqlState = SqlState(*b"23502");
pub const FOREIGN_KEY_VIOLATION: SqlState = SqlState(*b"23503");
pub const UNIQUE_VIOLATION: SqlState = SqlState(*b"23505");
pub const CHECK_VIOLATION: SqlState = SqlState(*b"23514");
pub const EXCLUSION_VIOLATION: SqlState = SqlState(*b"23P01");
pub const INVALID_CURSOR_STATE: SqlState = SqlState(*b"24000");
pub const INVALID_TRANSACTION_STATE: SqlState = SqlState(*b"25000");
pub const ACTIVE_SQL_TRANSACTION: SqlState = SqlState(*b"25001");
pub const BRANCH_TRANSACTION_ALREADY_ACTIVE: SqlState = SqlState(*b"25002");
pub const HELD_CURSOR_REQUIRES_SAME_ISOLATION_LEVEL: SqlState = SqlState(*b"25008");
pub const INAPPROPRIATE_ACCESS_MODE_FOR_BRANCH_TRANSACTION: SqlState = SqlState(*b"25003");
pub const INAPPROPRIATE_ISOLATION_LEVEL_FOR_BRANCH_TRANSACTION: SqlState = SqlState(*b"25004");
pub const NO_ACTIVE_SQL_TRANSACTION_FOR_BRANCH_TRANSACTION: SqlState = SqlState(*b"25005");
pub const READ_ONLY_SQL_TRANSACTION: SqlState = SqlState(*b"25006");
pub const SCHEMA_AND_DATA_STATEMENT_MIXING_NOT_SUPPORTED: SqlState = SqlState(*b"25007");
pub const NO_ACTIVE_SQL_TRANSACTION: SqlState = SqlState(*b"25P01");
pub const IN_FAILED_SQL_TRANSACTION: SqlState = SqlState(*b"25P02");
pub const IDLE_IN_TRANSACTION_SESSION_TIMEOUT: SqlState = SqlState(*b"25P03");
pub const INVALID_SQL_STATEMENT_NAME: SqlState = SqlState(*b"26000");
pub const TRIGGERED_DATA_CHANGE_VIOLATION: SqlState = SqlState(*b"27000");
pub const INVALID_AUTHORIZATION_SPECIFICATION: SqlState = SqlState(*b"28000");
pub const INVALID_PASSWORD: SqlState = SqlState(*b"28P01");
pub const DEPENDENT_PRIVILEGE_DESCRIPTORS_STILL_EXIST: SqlState = SqlState(*b"2B000");
pub const DEPENDENT_OBJECTS_STILL_EXIST: SqlState = SqlState(*b"2BP01");
pub const INVALID_TRANSACTION_TERMINATION: SqlState = SqlState(*b"2D000");
pub const SQL_ROUTINE_EXCEPTION: SqlState = SqlState(*b"2F000");
pub const FUNCTION_EXECUTED_NO_RETURN_STATEMENT: SqlState = SqlState(*b"2F005");
pub const MODIFYING_SQL_DATA_NOT_PERMITTED: SqlState = SqlState(*b"2F002");
pub const PROHIBITED_SQL_STATEMENT_ATTEMPTED: SqlState = SqlState(*b"2F003");
pub const READING_SQL_DATA_NOT_PERMITTED: SqlState = SqlState(*b"2F004");
pub const INVALID_CURSOR_NAME: SqlState = SqlState(*b"34000");
pub const EXTERNAL_ROUTINE_EXCEPTION: SqlState = SqlState(*b"38000");
pub const EXTERNAL_ROUTINE_INVOCATION_EXCEPTION: SqlState = SqlState(*b"39000");
pub const SAVEPOINT_EXCEPTION: SqlState = SqlState(*b"3B000");
pub const INVALID_SAVEPOINT_SPECIFICATION: SqlState = SqlState(*b"3B001");
pub const INVALID_CATALOG_NAME: SqlState = SqlState(*b"3D000");
pub const INVALID_SCHEMA_NAME: SqlState = SqlState(*b"3F000");
pub const TRANSACTION_ROLLBACK: SqlState = SqlState(*b"40000");
pub const TRANSACTION_INTEGRITY_CONSTRAINT_VIOLATION: SqlState = SqlState(*b"40002");
pub const SERIALIZATION_FAILURE: SqlState = SqlState(*b"40001");
pub const STATEMENT_COMPLETION_UNKNOWN: SqlState = SqlState(*b"40003");
pub const DEADLOCK_DETECTED: SqlState = SqlState(*b"40P01");
pub const SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION: SqlState = SqlState(*b"42000");
pub const SYNTAX_ERROR: SqlState = SqlState(*b"42601");
pub const INSUFFICIENT_PRIVILEGE: SqlState = SqlState(*b"42501");
pub const CANNOT_COERCE: SqlState = SqlState(*b"42846");
pub const GROUPING_ERROR: SqlState = SqlState(*b"42803");
pub const WINDOWING_ERROR: SqlState = SqlState(*b"42P20");
pub const INVALID_RECURSION: SqlState = SqlState(*b"42P19");
pub const INVALID_FOREIGN_KEY: SqlState = SqlState(*b"42830");
pub const INVALID_NAME: SqlState = SqlState(*b"42602");
pub const NAME_TOO_LONG: SqlState = SqlState(*b"42622");
pub const RESERVED_NAME: SqlState = SqlState(*b"42939");
pub const DATATYPE_MISMATCH: SqlState = SqlState(*b"42804");
pub const INDETERMINATE_DATATYPE: SqlState = SqlState(*b"42P18");
pub const COLLATION_MISMATCH: SqlState = SqlState(*b"42P21");
pub const INDETERMINATE_COLLATION: SqlState = SqlState(*b"42P22");
pub const WRONG_OBJECT_TYPE: SqlState = SqlState(*b"42809");
pub const UNDEFINED_COLUMN: SqlState = SqlState(*b"42703");
pub const UNDEFINED_FUNCTION: SqlState = SqlState(*b"42883");
pub const UNDEFINED_TABLE: SqlState = SqlState(*b"42P01");
pub const UNDEFINED_PARAMETER: SqlState = SqlState(*b"42P02");
pub const UNDEFINED_OBJECT: SqlState = SqlState(*b"42704");
pub const DUPLICATE_COLUMN: SqlState = SqlState(*b"42701");
pub const DUPLICATE_CURSOR: SqlState = SqlState(*b"42P03");
pub const DUPLICATE_DATABASE: SqlState = SqlState(*b"42P04");
pub const DUPLICATE_FUNCTION: SqlState = SqlState(*b"42723");
pub const DUPLICATE_PREPARED_STATEMENT: SqlState = SqlState(*b"42P05");
pub const DUPLICATE_SCHEMA: SqlState = SqlState(*b"42P06");
pub const DUPLICATE_TABLE: SqlState = SqlState(*b"42P07");
pub const DUPLICATE_ALIAS: SqlState = SqlState(*b"42712");
pub const DUPLICATE_OBJECT: SqlState = SqlState(*b"42710");
pub const AMBIGUOUS_COLUMN: SqlState = SqlState(*b"42702");
pub const AMBIGUOUS_FUNCTION: SqlState = SqlState(*b"42725");
pub const AMBIGUOUS_PARAMETER: SqlState = SqlState(*b"42P08");
pub const AMBIGUOUS_ALIAS: SqlState = SqlState(*b"42P09");
pub const INVALID_COLUMN_REFERENCE: SqlState = SqlState(*b"42P10");
pub const INVALID_COLUMN_DEFINITION: SqlState = SqlState(*b"42611");
pub const INVALID_CURSOR_DEFINITION: SqlState = SqlState(*b"42P11");
pub const INVALID_DATABASE_DEFINITION: SqlState = SqlState(*b"42P12");
pub const INVALID_FUNCTION_DEFINITION: SqlState = SqlState(*b"42P13");
pub const INVALID_PREPARED_STATEMENT_DEFINITION: SqlState = SqlState(*b"42P14");
pub const INVALID_SCHEMA_DEFINITION: SqlState = SqlState(*b"42P15");
pub const INVALID_TABLE_DEFINITION: SqlState = SqlState(*b"42P16");
pub const INVALID_OBJECT_DEFINITION: SqlState = SqlState(*b"42P17");
pub const WITH_CHECK_OPTION_VIOLATION: SqlState = SqlState(*b"44000");
pub const INSUFFICIENT_RESOURCES: SqlState = SqlState(*b"53000");
pub const DISK_FULL: SqlState = SqlState(*b"53100");
pub const OUT_OF_MEMORY: SqlState = SqlState(*b"53200");
pub const TOO_MANY_CONNECTIONS: SqlState = SqlState(*b"53300");
pub const CONFIGURATION_LIMIT_EXCEEDED: SqlState = SqlState(*b"53400");
pub const PROGRAM_LIMIT_EXCEEDED: SqlState = SqlState(*b"54000");
pub const STATEMENT_TOO_COMPLEX: SqlState = SqlState(*b"54001");
pub const TOO_MANY_COLUMNS: SqlState = SqlState(*b"54011");
pub const TOO_MANY_ARGUMENTS: SqlState = SqlState(*b"54023");
pub const OBJECT_NOT_IN_PREREQUISITE_STATE: SqlState = SqlState(*b"55000");
pub const OBJECT_IN_USE: SqlState = SqlState(*b"55006");
pub const CANT_CHANGE_RUNTIME_PARAM: SqlState = SqlState(*b"55P02");
pub const LOCK_NOT_AVAILABLE: SqlState = SqlState(*b"55P03");
pub const OPERATOR_INTERVENTION: SqlState = SqlState(*b"57000");
pub const QUERY_CANCELED: SqlState = SqlState(*b"57014");
pub const ADMIN_SHUTDOWN: SqlState = SqlState(*b"57P01");
pub const CRASH_SHUTDOWN: SqlState = SqlState(*b"57P02");
pub const CANNOT_CONNECT_NOW: SqlState = SqlState(*b"57P03");
pub const DATABASE_DROPPED: SqlState = SqlState(*b"57P04");
pub const SYSTEM_ERROR: SqlState = SqlState(*b"58000");
pub const IO_ERROR: SqlState = SqlState(*b"58030");
pub const UNDEFINED_FILE: SqlState = SqlState(*b"58P01");
pub const DUPLICATE_FILE: SqlState = SqlState(*b"58P02");
pub const CONFIG_FILE_ERROR: SqlState = SqlState(*b"F0000");
pub const LOCK_FILE_EXISTS: SqlState = SqlState(*b"F0001");
pub const FDW_ERROR: SqlState = SqlState(*b"HV000");
pub const PLPGSQL_ERROR: SqlState = SqlState(*b"P0000");
pub const RAISE_EXCEPTION: SqlState = SqlState(*b"P0001");
pub const NO_DATA_FOUND: SqlState = SqlState(*b"P0002");
pub const TOO_MANY_ROWS: SqlState = SqlState(*b"P0003");
pub const ASSERT_FAILURE: SqlState = SqlState(*b"P0004");
pub const INTERNAL_ERROR: SqlState = SqlState(*b"XX000");
pub const DATA_CORRUPTED: SqlState = SqlState(*b"XX001");
pub const INDEX_CORRUPTED: SqlState = SqlState(*b"XX002");

/// Condition names (as used by PL/pgSQL and in documentation) and their codes.
pub const CONDITION_NAMES: &[(&str, SqlState)] = &[
    ("successful_completion", SUCCESSFUL_COMPLETION),
    ("warning", WARNING),
    (
        "warning_dynamic_result_sets_returned",
        WARNING_DYNAMIC_RESULT_SETS_RETURNED,
    ),
    (
        "warning_implicit_zero_bit_padding",
        WARNING_IMPLICIT_ZERO_BIT_PADDING,
    ),
    (
        "warning_null_value_eliminated_in_set_function",
        WARNING_NULL_VALUE_ELIMINATED_IN_SET_FUNCTION,
    ),
    (
        "warning_privilege_not_granted",
        WARNING_PRIVILEGE_NOT_GRANTED,
    ),
    (
        "warning_privilege_not_revoked",
        WARNING_PRIVILEGE_NOT_REVOKED,
    ),
    (
        "warning_string_data_right_truncation",
        WARNING_STRING_DATA_RIGHT_TRUNCATION,
    ),
    ("warning_deprecated_feature", WARNING_DEPRECATED_FEATURE),
    ("no_data", NO_DATA),
    (
        "no_additional_dynamic_result_sets_returned",
        NO_ADDITIONAL_DYNAMIC_RESULT_SETS_RETURNED,
    ),
    (
        "sql_statement_not_yet_complete",
        SQL_STATEMENT_NOT_YET_COMPLETE,
    ),
    ("connection_exception", CONNECTION_EXCEPTION),
    ("connection_does_not_exist", CONNECTION_DOES_NOT_EXIST),
    ("connection_failure", CONNECTION_FAILURE),
    (
        "sqlclient_unable_to_establish_sqlconnection",
        SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
    ),
    (
        "sqlserver_rejected_establishment_of_sqlconnection",
        SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION,
    ),
    (
        "transaction_resolution_unknown",
        TRANSACTION_RESOLUTION_UNKNOWN,
    ),
    ("protocol_violation", PROTOCOL_VIOLATION),
    ("triggered_action_exception", TRIGGERED_ACTION_EXCEPTION),
    ("feature_not_supported", FEATURE_NOT_SUPPORTED),
    (
        "invalid_transaction_initiation",
        INVALID_TRANSACTION_INITIATION,
    ),
    ("locator_exception", LOCATOR_EXCEPTION),
    (
        "invalid_locator_specification",
        INVALID_LOCATOR_SPECIFICATION,
    ),
    ("invalid_grantor", INVALID_GRANTOR),
    ("invalid_grant_operation", INVALID_GRANT_OPERATION),
    ("invalid_role_specification", INVALID_ROLE_SPECIFICATION),
    ("diagnostics_exception", DIAGNOSTICS_EXCEPTION),
    (
        "stacked_diagnostics_accessed_without_active_handler",
        STACKED_DIAGNOSTICS_ACCESSED_WITHOUT_ACTIVE_HANDLER,
    ),
    ("case_not_found", CASE_NOT_FOUND),
    ("cardinality_violation", CARDINALITY_VIOLATION),
    ("data_exception", DATA_EXCEPTION),
    ("array_subscript_error", ARRAY_SUBSCRIPT_ERROR),
    ("character_not_in_repertoire", CHARACTER_NOT_IN_REPERTOIRE),
    ("datetime_field_overflow", DATETIME_FIELD_OVERFLOW),
    ("division_by_zero", DIVISION_BY_ZERO),
    ("error_in_assignment", ERROR_IN_ASSIGNMENT),
    ("escape_character_conflict", ESCAPE_CHARACTER_CONFLICT),
    ("indicator_overflow", INDICATOR_OVERFLOW),
    ("interval_field_overflow", INTERVAL_FIELD_OVERFLOW),
    (
        "invalid_argument_for_logarithm",
        INVALID_ARGUMENT_FOR_LOGARITHM,
    ),
    (
        "invalid_argument_for_ntile_function",
        INVALID_ARGUMENT_FOR_NTILE_FUNCTION,
    ),
    (
        "invalid_argument_for_nth_value_function",
        INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION,
    ),
    (
        "invalid_argument_for_power_function",
        INVALID_ARGUMENT_FOR_POWER_FUNCTION,
    ),
    (
        "invalid_argument_for_width_bucket_function",
        INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
    ),
    (
        "invalid_character_value_for_cast",
        INVALID_CHARACTER_VALUE_FOR_CAST,
    ),
    ("invalid_datetime_format", INVALID_DATETIME_FORMAT),
    ("invalid_escape_character", INVALID_ESCAPE_CHARACTER),
    ("invalid_escape_octet", INVALID_ESCAPE_OCTET),
    ("invalid_escape_sequence", INVALID_ESCAPE_SEQUENCE),
    (
        "nonstandard_use_of_escape_character",
        NONSTANDARD_USE_OF_ESCAPE_CHARACTER,
    ),
    (
        "invalid_indicator_parameter_value",
        INVALID_INDICATOR_PARAMETER_VALUE,
    ),
    ("invalid_parameter_value", INVALID_PARAMETER_VALUE),
    ("invalid_regular_expression", INVALID_REGULAR_EXPRESSION),
    (
        "invalid_row_count_in_limit_clause",
        INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
    ),
    (
        "invalid_row_count_in_result_offset_clause",
        INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
    ),
    ("invalid_tablesample_argument", INVALID_TABLESAMPLE_ARGUMENT),
    ("invalid_tablesample_repeat", INVALID_TABLESAMPLE_REPEAT),
    (
        "invalid_time_zone_displacement_value",
        INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
    ),
    (
        "invalid_use_of_escape_character",
        INVALID_USE_OF_ESCAPE_CHARACTER,
    ),
    ("most_specific_type_mismatch", MOST_SPECIFIC_TYPE_MISMATCH),
    ("null_value_not_allowed", NULL_VALUE_NOT_ALLOWED),
    (
        "null_value_no_indicator_parameter",
        NULL_VALUE_NO_INDICATOR_PARAMETER,
    ),
    ("numeric_value_out_of_range", NUMERIC_VALUE_OUT_OF_RANGE),
    (
        "sequence_generator_limit_exceeded",
        SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
    ),
    ("string_data_length_mismatch", STRING_DATA_LENGTH_MISMATCH),
    ("string_data_right_truncation", STRING_DATA_RIGHT_TRUNCATION),
    ("substring_error", SUBSTRING_ERROR),
    ("trim_error", TRIM_ERROR),
    ("unterminated_c_string", UNTERMINATED_C_STRING),
    ("zero_length_character_string", ZERO_LENGTH_CHARACTER_STRING),
    ("floating_point_exception", FLOATING_POINT_EXCEPTION),
    ("invalid_text_representation", INVALID_TEXT_REPRESENTATION),
    (
        "invalid_binary_representation",
        INVALID_BINARY_REPRESENTATION,
    ),
    ("bad_copy_file_format", BAD_COPY_FILE_FORMAT),
    ("untranslatable_character", UNTRANSLATABLE_CHARACTER),
    ("not_an_xml_document", NOT_AN_XML_DOCUMENT),
    ("invalid_xml_document", INVALID_XML_DOCUMENT),
    ("invalid_xml_content", INVALID_XML_CONTENT),
    ("invalid_xml_comment", INVALID_XML_COMMENT),
    (
        "invalid_xml_processing_instruction",
        INVALID_XML_PROCESSING_INSTRUCTION,
    ),
    (
        "integrity_constraint_violation",
        INTEGRITY_CONSTRAINT_VIOLATION,
    ),
    ("restrict_violation", RESTRICT_VIOLATION),
    ("not_null_violation", NOT_NULL_VIOLATION),
    ("foreign_key_violation", FOREIGN_KEY_VIOLATION),
    ("unique_violation", UNIQUE_VIOLATION),
    ("check_violation", CHECK_VIOLATION),
    ("exclusion_violation", EXCLUSION_VIOLATION),
    ("invalid_cursor_state", INVALID_CURSOR_STATE),
    ("invalid_transaction_state", INVALID_TRANSACTION_STATE),
    ("active_sql_transaction", ACTIVE_SQL_TRANSACTION),
    (
        "branch_transaction_already_active",
        BRANCH_TRANSACTION_ALREADY_ACTIVE,
    ),
    (
        "held_cursor_requires_same_isolation_level",
        HELD_CURSOR_REQUIRES_SAME_ISOLATION_LEVEL,
    ),
    (
        "inappropriate_access_mode_for_branch_transaction",
        INAPPROPRIATE_ACCESS_MODE_FOR_BRANCH_TRANSACTION,
    ),
    (
        "inappropriate_isolation_level_for_branch_transaction",
        INAPPROPRIATE_ISOLATION_LEVEL_FOR_BRANCH_TRANSACTION,
    ),
    (
        "no_active_sql_transaction_for_branch_transaction",
        NO_ACTIVE_SQL_TRANSACTION_FOR_BRANCH_TRANSACTION,
    ),
    ("read_only_sql_transaction", READ_ONLY_SQL_TRANSACTION),
    (
        "schema_and_data_statement_mixing_not_supported",
        SCHEMA_AND_DATA_STATEMENT_MIXING_NOT_SUPPORTED,
    ),
    ("no_active_sql_transaction", NO_ACTIVE_SQL_TRANSACTION),
    ("in_failed_sql_transaction", IN_FAILED_SQL_TRANSACTION),
    (
        "idle_in_transaction_session_timeout",
        IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
    ),
    ("invalid_sql_statement_name", INVALID_SQL_STATEMENT_NAME),
    (
        "triggered_data_change_violation",
        TRIGGERED_DATA_CHANGE_VIOLATION,
    ),
    (
        "invalid_authorization_specification",
        INVALID_AUTHORIZATION_SPECIFICATION,
    ),
    ("invalid_password", INVALID_PASSWORD),
    (
        "dependent_privilege_descriptors_still_exist",
        DEPENDENT_PRIVILEGE_DESCRIPTORS_STILL_EXIST,
    ),
    (
        "dependent_objects_still_exist",
        DEPENDENT_OBJECTS_STILL_EXIST,
    ),
    (
        "invalid_transaction_termination",
        INVALID_TRANSACTION_TERMINATION,
    ),
    ("sql_routine_exception", SQL_ROUTINE_EXCEPTION),
    (
        "function_executed_no_return_statement",
        FUNCTION_EXECUTED_NO_RETURN_STATEMENT,
    ),
    (
        "modifying_sql_data_not_permitted",
        MODIFYING_SQL_DATA_NOT_PERMITTED,
    ),
    (
        "prohibited_sql_statement_attempted",
        PROHIBITED_SQL_STATEMENT_ATTEMPTED,
    ),
    (
        "reading_sql_data_not_permitted",
        READING_SQL_DATA_NOT_PERMITTED,
    ),
    ("invalid_cursor_name", INVALID_CURSOR_NAME),
    ("external_routine_exception", EXTERNAL_ROUTINE_EXCEPTION),
    (
        "external_routine_invocation_exception",
        EXTERNAL_ROUTINE_INVOCATION_EXCEPTION,
    ),
    ("savepoint_exception", SAVEPOINT_EXCEPTION),
    (
        "invalid_savepoint_specification",
        INVALID_SAVEPOINT_SPECIFICATION,
    ),
    ("invalid_catalog_name", INVALID_CATALOG_NAME),
    ("invalid_schema_name", INVALID_SCHEMA_NAME),
    ("transaction_rollback", TRANSACTION_ROLLBACK),
    (
        "transaction_integrity_constraint_violation",
        TRANSACTION_INTEGRITY_CONSTRAINT_VIOLATION,
    ),
    ("serialization_failure", SERIALIZATION_FAILURE),
    ("statement_completion_unknown", STATEMENT_COMPLETION_UNKNOWN),
    ("deadlock_detected", DEADLOCK_DETECTED),
    (
        "syntax_error_or_access_rule_violation",
        SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION,
    ),
    ("syntax_error", SYNTAX_ERROR),
    ("insufficient_privilege", INSUFFICIENT_PRIVILEGE),
    ("cannot_coerce", CANNOT_COERCE),
    ("grouping_error", GROUPING_ERROR),
    ("windowing_error", WINDOWING_ERROR),
    ("invalid_recursion", INVALID_RECURSION),
    ("invalid_foreign_key", INVALID_FOREIGN_KEY),
    ("invalid_name", INVALID_NAME),
    ("name_too_long", NAME_TOO_LONG),
    ("reserved_name", RESERVED_NAME),
    ("datatype_mismatch", DATATYPE_MISMATCH),
    ("indeterminate_datatype", INDETERMINATE_DATATYPE),
    ("collation_mismatch", COLLATION_MISMATCH),
    ("indeterminate_collation", INDETERMINATE_COLLATION),
    ("wrong_object_type", WRONG_OBJECT_TYPE),
    ("undefined_column", UNDEFINED_COLUMN),
    ("undefined_function", UNDEFINED_FUNCTION),
    ("undefined_table", UNDEFINED_TABLE),
    ("undefined_parameter", UNDEFINED_PARAMETER),
    ("undefined_object", UNDEFINED_OBJECT),
    ("duplicate_column", DUPLICATE_COLUMN),
    ("duplicate_cursor", DUPLICATE_CURSOR),
    ("duplicate_database", DUPLICATE_DATABASE),
    ("duplicate_function", DUPLICATE_FUNCTION),
    ("duplicate_prepared_statement", DUPLICATE_PREPARED_STATEMENT),
    ("duplicate_schema", DUPLICATE_SCHEMA),
    ("duplicate_table", DUPLICATE_TABLE),
    ("duplicate_alias", DUPLICATE_ALIAS),
    ("duplicate_object", DUPLICATE_OBJECT),
    ("ambiguous_column", AMBIGUOUS_COLUMN),
    ("ambiguous_function", AMBIGUOUS_FUNCTION),
    ("ambiguous_parameter", AMBIGUOUS_PARAMETER),
    ("ambiguous_alias", AMBIGUOUS_ALIAS),
    ("invalid_column_reference", INVALID_COLUMN_REFERENCE),
    ("invalid_column_definition", INVALID_COLUMN_DEFINITION),
    ("invalid_cursor_definition", INVALID_CURSOR_DEFINITION),
    ("invalid_database_definition", INVALID_DATABASE_DEFINITION),
    ("invalid_function_definition", INVALID_FUNCTION_DEFINITION),
    (
        "invalid_prepared_statement_definition",
        INVALID_PREPARED_STATEMENT_DEFINITION,
    ),
    ("invalid_schema_definition", INVALID_SCHEMA_DEFINITION),
    ("invalid_table_definition", INVALID_TABLE_DEFINITION),
    ("invalid_object_definition", INVALID_OBJECT_DEFINITION),
    ("with_check_option_violation", WITH_CHECK_OPTION_VIOLATION),
    ("insufficient_resources", INSUFFICIENT_RESOURCES),
    ("disk_full", DISK_FULL),
    ("out_of_memory", OUT_OF_MEMORY),
    ("too_many_connections", TOO_MANY_CONNECTIONS),
    ("configuration_limit_exceeded", CONFIGURATION_LIMIT_EXCEEDED),
    ("program_limit_exceeded", PROGRAM_LIMIT_EXCEEDED),
    ("statement_too_complex", STATEMENT_TOO_COMPLEX),
    ("too_many_columns", TOO_MANY_COLUMNS),
    ("too_many_arguments", TOO_MANY_ARGUMENTS),
    (
        "object_not_in_prerequisite_state",
        OBJECT_NOT_IN_PREREQUISITE_STATE,
    ),
    ("object_in_use", OBJECT_IN_USE),
    ("cant_change_runtime_param", CANT_CHANGE_RUNTIME_PARAM),
    ("lock_not_available", LOCK_NOT_AVAILABLE),
    ("operator_intervention", OPERATOR_INTERVENTION),
    ("query_canceled", QUERY_CANCELED),
    ("admin_shutdown", ADMIN_SHUTDOWN),
    ("crash_shutdown", CRASH_SHUTDOWN),
    ("cannot_connect_now", CANNOT_CONNECT_NOW),
    ("database_dropped", DATABASE_DROPPED),
    ("system_error", SYSTEM_ERROR),
    ("io_error", IO_ERROR),
    ("undefined_file", UNDEFINED_FILE),
    ("duplicate_file", DUPLICATE_FILE),
    ("config_file_error", CONFIG_FILE_ERROR),
    ("lock_file_exists", LOCK_FILE_EXISTS),
    ("fdw_error", FDW_ERROR),
    ("plpgsql_error", PLPGSQL_ERROR),
    ("raise_exception", RAISE_EXCEPTION),
    ("no_data_found", NO_DATA_FOUND),
    ("too_many_rows", TOO_MANY_ROWS),
    ("assert_failure", ASSERT_FAILURE),
    ("internal_error", INTERNAL_ERROR),
    ("data_corrupted", DATA_CORRUPTED),
    ("index_corrupted", INDEX_CORRUPTED),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_render() {
        assert_eq!(SYNTAX_ERROR.as_str(), "42601");
        assert_eq!(
            SqlState::from_condition_name("division_by_zero"),
            Some(DIVISION_BY_ZERO)
        );
        assert_eq!(
            SqlState::from_code("22P02"),
            Some(INVALID_TEXT_REPRESENTATION)
        );
    }
}
