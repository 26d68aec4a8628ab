//! Raw parse trees, close to PostgreSQL's parsenodes: what the user wrote, with byte offsets
//! (`Loc`) into the query string for error cursors. Identifiers are already case-folded
//! (unquoted → lower case) by the lexer.

/// Byte offset into the query string, or -1 when unknown.
pub type Loc = i32;

/// One statement and its extent in the query string.
#[derive(Clone, Debug, PartialEq)]
pub struct RawStmt {
    pub stmt: Statement,
    /// Byte offset where the statement starts (after leading whitespace/comments).
    pub location: usize,
    /// Length in bytes (up to, not including, the terminating semicolon).
    pub len: usize,
}

/// A possibly schema-qualified name: `[catalog.][schema.]name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QualifiedName {
    pub catalog: Option<String>,
    pub schema: Option<String>,
    pub name: String,
    pub location: Loc,
}

impl QualifiedName {
    pub fn simple(name: impl Into<String>) -> Self {
        QualifiedName {
            catalog: None,
            schema: None,
            name: name.into(),
            location: -1,
        }
    }
}

/// A type as written: `int`, `varchar(10)`, `numeric(10,2)[]`, `timestamp(3) with time zone`,
/// `interval day to second`, `pg_catalog.int4`, `%TYPE` references are not supported.
/// Built-in SQL-standard spellings are normalised by the parser to PostgreSQL's internal names
/// (`int` → `int4`, `character varying` → `varchar`, `double precision` → `float8`,
/// `timestamp with time zone` → `timestamptz`, `char(n)` → `bpchar`, `bool` stays `bool`,
/// `decimal` → `numeric`, `real` → `float4`, `float(p)` → float4/float8 by p, `bit varying` → `varbit`)
/// with `schema: Some("pg_catalog")` in that case, as PostgreSQL's SystemTypeName does.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeName {
    pub name: QualifiedName,
    /// Type modifiers as written (`varchar(10)` → [10]); expressions are constants in practice.
    pub modifiers: Vec<Expr>,
    /// Interval field restriction words, lower case (`["day", "second"]` for DAY TO SECOND).
    pub interval_fields: Vec<String>,
    /// Number of `[]` (or ARRAY) decorations; bounds are ignored like PostgreSQL.
    pub array_bounds: Vec<i32>,
    /// SETOF (function return types).
    pub setof: bool,
    /// `%TYPE` reference (PL/pgSQL and function args).
    pub pct_type: bool,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Select(Box<SelectStmt>),
    Insert(Box<InsertStmt>),
    Update(Box<UpdateStmt>),
    Delete(Box<DeleteStmt>),
    CreateTable(Box<CreateTableStmt>),
    CreateTableAs(Box<CreateTableAsStmt>),
    CreateSchema(CreateSchemaStmt),
    CreateIndex(Box<CreateIndexStmt>),
    CreateSequence(CreateSequenceStmt),
    AlterSequence(AlterSequenceStmt),
    CreateView(Box<CreateViewStmt>),
    CreateFunction(Box<CreateFunctionStmt>),
    CreateDatabase(CreateDatabaseStmt),
    CreateRole(CreateRoleStmt),
    /// ALTER ROLE/USER/GROUP name [WITH] options, or ALTER ROLE name|ALL [IN DATABASE d] SET/RESET.
    AlterRole(AlterRoleStmt),
    /// ALTER DATABASE name OWNER TO / SET / RESET / [WITH] options.
    AlterDatabase(AlterDatabaseStmt),
    AlterTable(Box<AlterTableStmt>),
    Drop(DropStmt),
    Truncate(TruncateStmt),
    Transaction(TransactionStmt),
    /// SET / SET LOCAL / SET SESSION / RESET / RESET ALL / SET TIME ZONE ...
    VariableSet(VariableSetStmt),
    VariableShow(VariableShowStmt),
    Explain(Box<ExplainStmt>),
    Copy(Box<CopyStmt>),
    Prepare(Box<PrepareStmt>),
    Execute(ExecuteStmt),
    Deallocate(DeallocateStmt),
    DeclareCursor(Box<DeclareCursorStmt>),
    Fetch(FetchStmt),
    ClosePortal(ClosePortalStmt),
    Vacuum(VacuumStmt),
    Analyze(VacuumStmt),
    Checkpoint,
    Discard(DiscardStmt),
    Lock(LockStmt),
    Comment(CommentStmt),
    Grant(GrantStmt),
    Listen(String),
    Unlisten(Option<String>),
    Notify(String, Option<String>),
    /// `DO $$ ... $$ [LANGUAGE x]`.
    Do(DoStmt),
    /// `ALTER ... RENAME TO` for non-table objects and other statements parsed but not yet
    /// modelled in detail.
    Rename(RenameStmt),
    /// A statement the parser recognised but does not model yet: the command tag PostgreSQL
    /// would report (e.g. "CREATE EXTENSION") and a short description. The executor answers
    /// 0A000 "... is not supported yet" or ignores it where harmless.
    Unsupported {
        tag: String,
        what: String,
    },
}

// ---------------------------------------------------------------- SELECT

#[derive(Clone, Debug, PartialEq)]
pub struct SelectStmt {
    pub with: Option<WithClause>,
    pub body: SetExpr,
    pub order_by: Vec<SortBy>,
    pub limit: Option<Expr>,
    /// LIMIT ALL is represented by `limit: None`.
    pub offset: Option<Expr>,
    pub locking: Vec<LockingClause>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithClause {
    pub recursive: bool,
    pub ctes: Vec<CommonTableExpr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommonTableExpr {
    pub name: String,
    pub columns: Vec<String>,
    pub query: Box<Statement>,
    pub location: Loc,
}

/// The body of a SELECT: a simple query block, VALUES, a set operation, or a parenthesised select.
#[derive(Clone, Debug, PartialEq)]
pub enum SetExpr {
    Select(Box<SelectCore>),
    Values(Vec<Vec<Expr>>),
    SetOp {
        op: SetOpKind,
        all: bool,
        left: Box<SetExpr>,
        right: Box<SetExpr>,
    },
    /// A parenthesised SELECT with its own ORDER BY/LIMIT (or a WITH).
    Nested(Box<SelectStmt>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOpKind {
    Union,
    Intersect,
    Except,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SelectCore {
    /// None = no DISTINCT; Some(empty) = DISTINCT; Some(exprs) = DISTINCT ON (exprs).
    pub distinct: Option<Vec<Expr>>,
    pub targets: Vec<SelectTarget>,
    /// SELECT ... INTO [TEMP] table.
    pub into: Option<IntoClause>,
    pub from: Vec<TableRef>,
    pub where_clause: Option<Expr>,
    pub group_by: Vec<GroupingItem>,
    pub having: Option<Expr>,
    pub windows: Vec<WindowDef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntoClause {
    pub table: QualifiedName,
    pub temporary: bool,
    pub unlogged: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GroupingItem {
    Expr(Expr),
    Rollup(Vec<Vec<Expr>>),
    Cube(Vec<Vec<Expr>>),
    GroupingSets(Vec<GroupingItem>),
    /// `()` empty grouping set.
    Empty,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SelectTarget {
    /// `expr [AS alias]`.
    Expr {
        expr: Expr,
        alias: Option<String>,
        location: Loc,
    },
    /// `*`.
    Star { location: Loc },
    /// `qualifier.*` (qualifier may be `schema.table`).
    QualifiedStar {
        qualifier: Vec<String>,
        location: Loc,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub name: String,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableRef {
    Table {
        name: QualifiedName,
        /// `ONLY t` (no inheritance children).
        only: bool,
        alias: Option<Alias>,
        location: Loc,
    },
    Subquery {
        lateral: bool,
        query: Box<SelectStmt>,
        alias: Option<Alias>,
        location: Loc,
    },
    /// A function in FROM: `generate_series(1,3) AS g(x)`, `unnest(a) WITH ORDINALITY`.
    Function {
        lateral: bool,
        call: Expr,
        alias: Option<Alias>,
        /// Column definition list `AS (a int, b text)` for record-returning functions.
        column_defs: Vec<ColumnDef>,
        with_ordinality: bool,
        location: Loc,
    },
    Join(Box<JoinExpr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct JoinExpr {
    pub kind: JoinKind,
    pub natural: bool,
    pub left: TableRef,
    pub right: TableRef,
    pub condition: JoinCondition,
    /// `(a JOIN b) AS x`.
    pub alias: Option<Alias>,
    pub location: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    Right,
    Full,
    Cross,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JoinCondition {
    None,
    On(Expr),
    Using(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortBy {
    pub expr: Expr,
    pub direction: SortDirection,
    pub nulls: NullsOrder,
    /// `ORDER BY x USING <`.
    pub using_op: Option<String>,
    pub location: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDirection {
    Default,
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullsOrder {
    Default,
    First,
    Last,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LockingClause {
    pub strength: LockStrength,
    pub tables: Vec<QualifiedName>,
    pub wait: LockWait,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockStrength {
    Update,
    NoKeyUpdate,
    Share,
    KeyShare,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockWait {
    Block,
    NoWait,
    SkipLocked,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WindowDef {
    /// Name in a WINDOW clause, or the referenced window in `OVER w`.
    pub name: Option<String>,
    pub refname: Option<String>,
    pub partition_by: Vec<Expr>,
    pub order_by: Vec<SortBy>,
    pub frame: Option<WindowFrame>,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WindowFrame {
    /// ROWS (true) or RANGE (false).
    pub rows: bool,
    pub start: FrameBound,
    pub end: Option<FrameBound>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FrameBound {
    UnboundedPreceding,
    Preceding(Box<Expr>),
    CurrentRow,
    Following(Box<Expr>),
    UnboundedFollowing,
}

// ---------------------------------------------------------------- expressions

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// Integer that fits in i64 as written (the analyzer picks int4/int8/numeric).
    Integer(i64),
    /// Any other numeric literal, kept as text (`1.5`, `1e10`, `99999999999999999999`).
    Numeric(String),
    /// A string literal (escapes already processed), type unknown until context decides.
    String(String),
    /// B'0101' / X'1F' bit-string literal, as written after the prefix, with the prefix ('b'/'x').
    BitString(String),
    Boolean(bool),
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal {
        value: Literal,
        location: Loc,
    },
    /// Column reference: `a`, `t.a`, `s.t.a`, or with a trailing `*` handled as SelectTarget.
    ColumnRef {
        fields: Vec<String>,
        location: Loc,
    },
    /// `$n` parameter.
    Param {
        number: u32,
        location: Loc,
    },
    /// Binary operator (`a + b`, `a OPERATOR(pg_catalog.~) b`); `schema` set for OPERATOR(s.op).
    BinaryOp {
        op: String,
        schema: Option<String>,
        left: Box<Expr>,
        right: Box<Expr>,
        location: Loc,
    },
    /// Prefix operator (`-a`, `~a`, `@a`, `|/a`).
    UnaryOp {
        op: String,
        schema: Option<String>,
        operand: Box<Expr>,
        location: Loc,
    },
    /// Postfix operator (`5 !`).
    PostfixOp {
        op: String,
        operand: Box<Expr>,
        location: Loc,
    },
    And(Vec<Expr>, Loc),
    Or(Vec<Expr>, Loc),
    Not(Box<Expr>, Loc),
    /// `x IS [NOT] NULL`, ISNULL, NOTNULL.
    IsNull {
        expr: Box<Expr>,
        negated: bool,
        location: Loc,
    },
    /// `x IS [NOT] TRUE/FALSE/UNKNOWN`.
    IsBool {
        expr: Box<Expr>,
        test: BoolTest,
        location: Loc,
    },
    /// `a IS [NOT] DISTINCT FROM b`.
    IsDistinctFrom {
        left: Box<Expr>,
        right: Box<Expr>,
        negated: bool,
        location: Loc,
    },
    /// `x [NOT] BETWEEN [SYMMETRIC] a AND b`.
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
        symmetric: bool,
        location: Loc,
    },
    /// `x [NOT] IN (a, b, c)`.
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
        location: Loc,
    },
    /// `x [NOT] IN (SELECT ...)`.
    InSubquery {
        expr: Box<Expr>,
        subquery: Box<SelectStmt>,
        negated: bool,
        location: Loc,
    },
    /// `x op ANY/SOME/ALL (SELECT ...)`.
    SubqueryComparison {
        expr: Box<Expr>,
        op: String,
        all: bool,
        subquery: Box<SelectStmt>,
        location: Loc,
    },
    /// `x op ANY/ALL (array expr)`.
    ArrayComparison {
        expr: Box<Expr>,
        op: String,
        all: bool,
        array: Box<Expr>,
        location: Loc,
    },
    /// `EXISTS (SELECT ...)`.
    Exists {
        subquery: Box<SelectStmt>,
        location: Loc,
    },
    /// `(SELECT ...)` used as a value.
    ScalarSubquery {
        subquery: Box<SelectStmt>,
        location: Loc,
    },
    /// `ARRAY(SELECT ...)`.
    ArraySubquery {
        subquery: Box<SelectStmt>,
        location: Loc,
    },
    /// `x [NOT] LIKE/ILIKE pattern [ESCAPE e]`, `x [NOT] SIMILAR TO pattern [ESCAPE e]`.
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        escape: Option<Box<Expr>>,
        negated: bool,
        kind: LikeKind,
        location: Loc,
    },
    /// `CASE [arg] WHEN ... THEN ... [ELSE ...] END`.
    Case {
        arg: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        else_result: Option<Box<Expr>>,
        location: Loc,
    },
    /// `expr::type`, `CAST(expr AS type)`, and `type 'literal'` (with `literal_syntax` true).
    Cast {
        expr: Box<Expr>,
        type_name: TypeName,
        location: Loc,
    },
    /// Function call: `f(a, b)`, `count(*)`, `count(DISTINCT x)`, `agg(x ORDER BY y)`,
    /// `f(x) FILTER (WHERE ...)`, `f(x) OVER (...)`, `f(VARIADIC arr)`, named args `f(a => 1)`.
    Func(Box<FuncCall>),
    /// SQL-standard value functions that need no parentheses: CURRENT_DATE, CURRENT_TIME[(p)],
    /// CURRENT_TIMESTAMP[(p)], LOCALTIME[(p)], LOCALTIMESTAMP[(p)], CURRENT_ROLE, CURRENT_USER,
    /// SESSION_USER, USER, CURRENT_CATALOG, CURRENT_SCHEMA.
    SqlValueFunction {
        kind: SqlValueFunctionKind,
        precision: Option<i32>,
        location: Loc,
    },
    /// `COALESCE(a, b, ...)`.
    Coalesce(Vec<Expr>, Loc),
    /// `NULLIF(a, b)`.
    NullIf(Box<Expr>, Box<Expr>, Loc),
    /// `GREATEST(...)` / `LEAST(...)`.
    MinMax {
        greatest: bool,
        args: Vec<Expr>,
        location: Loc,
    },
    /// `ARRAY[a, b]` (nested ARRAY[[...]] is an Array of Arrays).
    Array(Vec<Expr>, Loc),
    /// `ROW(a, b)` or `(a, b)`.
    Row(Vec<Expr>, Loc),
    /// `arr[i]`, `arr[i:j]`, `(expr).field`, `(expr).*`.
    Indirection {
        expr: Box<Expr>,
        path: Vec<IndirectionItem>,
        location: Loc,
    },
    /// `expr COLLATE "C"`.
    Collate {
        expr: Box<Expr>,
        collation: QualifiedName,
        location: Loc,
    },
    /// `x AT TIME ZONE zone` (becomes timezone(zone, x)).
    AtTimeZone {
        expr: Box<Expr>,
        zone: Box<Expr>,
        location: Loc,
    },
    /// `GROUPING(a, b)`.
    Grouping(Vec<Expr>, Loc),
    /// `DEFAULT` in INSERT VALUES / UPDATE SET.
    Default(Loc),
    /// A parenthesised expression (kept so `(a).b` and result naming behave like PostgreSQL).
    Nested(Box<Expr>, Loc),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolTest {
    IsTrue,
    IsNotTrue,
    IsFalse,
    IsNotFalse,
    IsUnknown,
    IsNotUnknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeKind {
    Like,
    ILike,
    Similar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlValueFunctionKind {
    CurrentDate,
    CurrentTime,
    CurrentTimestamp,
    LocalTime,
    LocalTimestamp,
    CurrentRole,
    CurrentUser,
    SessionUser,
    User,
    CurrentCatalog,
    CurrentSchema,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IndirectionItem {
    /// `[i]`.
    Index(Box<Expr>),
    /// `[lo:hi]` (either bound may be omitted).
    Slice(Option<Box<Expr>>, Option<Box<Expr>>),
    /// `.field`.
    Field(String),
    /// `.*`.
    Star,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FuncCall {
    pub name: QualifiedName,
    pub args: Vec<Expr>,
    /// Argument names for named notation (`f(a => 1)`), parallel to `args` (None = positional).
    pub arg_names: Vec<Option<String>>,
    /// `count(*)`.
    pub star: bool,
    pub distinct: bool,
    /// `VARIADIC` before the last argument.
    pub variadic: bool,
    /// `agg(x ORDER BY y)`.
    pub order_by: Vec<SortBy>,
    /// `WITHIN GROUP (ORDER BY ...)`.
    pub within_group: bool,
    pub filter: Option<Box<Expr>>,
    pub over: Option<WindowDef>,
    pub location: Loc,
}

// ---------------------------------------------------------------- DML

#[derive(Clone, Debug, PartialEq)]
pub struct InsertStmt {
    pub with: Option<WithClause>,
    pub table: QualifiedName,
    pub alias: Option<String>,
    pub columns: Vec<InsertColumn>,
    pub source: InsertSource,
    pub on_conflict: Option<OnConflict>,
    pub returning: Vec<SelectTarget>,
    /// `OVERRIDING USER VALUE` / `OVERRIDING SYSTEM VALUE`: Some("user") / Some("system").
    pub overriding: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InsertColumn {
    pub name: String,
    /// `col[1]` or `col.field` targets.
    pub indirection: Vec<IndirectionItem>,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InsertSource {
    /// `DEFAULT VALUES`.
    DefaultValues,
    /// VALUES lists and SELECTs (a `SelectStmt` whose body is `SetExpr::Values` for VALUES).
    Query(Box<SelectStmt>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct OnConflict {
    /// Conflict target columns/expressions, or a constraint name.
    pub target: Vec<Expr>,
    pub constraint: Option<String>,
    pub target_where: Option<Expr>,
    /// None = DO NOTHING; Some = DO UPDATE SET ... [WHERE].
    pub update: Option<(Vec<SetClause>, Option<Expr>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetClause {
    /// `col = expr` (col may have indirection).
    Single { column: InsertColumn, value: Expr },
    /// `(a, b) = (expr, expr)` or `(a, b) = (SELECT ...)`.
    Multi {
        columns: Vec<InsertColumn>,
        value: Expr,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct UpdateStmt {
    pub with: Option<WithClause>,
    pub table: QualifiedName,
    pub only: bool,
    pub alias: Option<String>,
    pub set: Vec<SetClause>,
    pub from: Vec<TableRef>,
    pub where_clause: Option<Expr>,
    /// `WHERE CURRENT OF cursor`.
    pub current_of: Option<String>,
    pub returning: Vec<SelectTarget>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeleteStmt {
    pub with: Option<WithClause>,
    pub table: QualifiedName,
    pub only: bool,
    pub alias: Option<String>,
    pub using: Vec<TableRef>,
    pub where_clause: Option<Expr>,
    pub current_of: Option<String>,
    pub returning: Vec<SelectTarget>,
}

// ---------------------------------------------------------------- DDL

#[derive(Clone, Debug, PartialEq)]
pub struct CreateTableStmt {
    pub name: QualifiedName,
    pub if_not_exists: bool,
    /// TEMP/TEMPORARY.
    pub temporary: bool,
    pub unlogged: bool,
    pub elements: Vec<TableElement>,
    /// `INHERITS (parent, ...)`.
    pub inherits: Vec<QualifiedName>,
    /// `PARTITION BY ...` (not supported yet; kept so an error can be raised).
    pub partition_by: Option<String>,
    /// `PARTITION OF parent ...`.
    pub partition_of: Option<QualifiedName>,
    /// `OF type_name` typed table.
    pub of_type: Option<TypeName>,
    /// WITH (options) / WITH OIDS / WITHOUT OIDS.
    pub options: Vec<(String, Option<String>)>,
    pub with_oids: Option<bool>,
    pub on_commit: Option<OnCommit>,
    pub tablespace: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnCommit {
    PreserveRows,
    DeleteRows,
    Drop,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableElement {
    Column(ColumnDef),
    Constraint(TableConstraint),
    /// `LIKE source [INCLUDING ...]`.
    Like {
        table: QualifiedName,
        options: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub type_name: TypeName,
    pub constraints: Vec<ColumnConstraint>,
    pub collation: Option<QualifiedName>,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnConstraint {
    /// `CONSTRAINT name`.
    pub name: Option<String>,
    pub kind: ColumnConstraintKind,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ColumnConstraintKind {
    NotNull,
    Null,
    Default(Expr),
    Check {
        expr: Expr,
        no_inherit: bool,
    },
    PrimaryKey {
        options: IndexOptions,
    },
    Unique {
        options: IndexOptions,
    },
    References(ForeignKeyRef),
    /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(seq options)]`.
    Identity {
        always: bool,
        options: Vec<SequenceOption>,
    },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct IndexOptions {
    pub with: Vec<(String, Option<String>)>,
    pub tablespace: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKeyRef {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    /// b'f' FULL, b'p' PARTIAL, b's' SIMPLE (default).
    pub match_type: u8,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableConstraint {
    pub name: Option<String>,
    pub kind: TableConstraintKind,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    pub not_valid: bool,
    pub location: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableConstraintKind {
    Check {
        expr: Expr,
        no_inherit: bool,
    },
    PrimaryKey {
        columns: Vec<String>,
        options: IndexOptions,
    },
    Unique {
        columns: Vec<String>,
        options: IndexOptions,
    },
    ForeignKey {
        columns: Vec<String>,
        reference: ForeignKeyRef,
    },
    Exclude {
        raw: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateTableAsStmt {
    pub name: QualifiedName,
    pub columns: Vec<String>,
    pub query: Box<Statement>,
    pub temporary: bool,
    pub if_not_exists: bool,
    pub with_data: bool,
    /// CREATE MATERIALIZED VIEW.
    pub materialized: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateSchemaStmt {
    pub name: Option<String>,
    pub authorization: Option<String>,
    pub if_not_exists: bool,
    /// Schema elements (CREATE TABLE/VIEW ... inside CREATE SCHEMA).
    pub elements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateIndexStmt {
    pub name: Option<String>,
    pub table: QualifiedName,
    pub unique: bool,
    pub concurrently: bool,
    pub if_not_exists: bool,
    pub method: Option<String>,
    pub columns: Vec<IndexElem>,
    pub where_clause: Option<Expr>,
    pub options: IndexOptions,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndexElem {
    /// A column name, or an expression (`(lower(a))` or a function call).
    pub column: Option<String>,
    pub expr: Option<Expr>,
    pub collation: Option<QualifiedName>,
    pub opclass: Option<QualifiedName>,
    pub direction: SortDirection,
    pub nulls: NullsOrder,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateSequenceStmt {
    pub name: QualifiedName,
    pub temporary: bool,
    pub if_not_exists: bool,
    pub options: Vec<SequenceOption>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlterSequenceStmt {
    pub name: QualifiedName,
    pub if_exists: bool,
    pub options: Vec<SequenceOption>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SequenceOption {
    As(TypeName),
    IncrementBy(Expr),
    MinValue(Option<Expr>),
    MaxValue(Option<Expr>),
    Start(Expr),
    Restart(Option<Expr>),
    Cache(Expr),
    Cycle(bool),
    OwnedBy(Option<Vec<String>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateViewStmt {
    pub name: QualifiedName,
    pub columns: Vec<String>,
    pub query: Box<SelectStmt>,
    /// The SELECT's source text, for pg_views/pg_get_viewdef.
    pub query_text: String,
    pub or_replace: bool,
    pub temporary: bool,
    pub recursive: bool,
    pub check_option: Option<String>,
    pub options: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateFunctionStmt {
    pub name: QualifiedName,
    pub or_replace: bool,
    pub args: Vec<FunctionArg>,
    pub returns: Option<TypeName>,
    /// `RETURNS TABLE (...)`.
    pub returns_table: Vec<(String, TypeName)>,
    pub language: Option<String>,
    /// Body text (AS '...' or $$...$$); for C functions, (obj_file, link_symbol) as two entries.
    pub body: Vec<String>,
    /// IMMUTABLE/STABLE/VOLATILE, STRICT, SECURITY DEFINER, COST, ROWS, etc. as (name, value).
    pub options: Vec<(String, Option<String>)>,
    /// CREATE AGGREGATE / CREATE PROCEDURE-like variants are `Unsupported` for now.
    pub is_aggregate: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionArg {
    pub name: Option<String>,
    pub type_name: TypeName,
    /// b'i' IN, b'o' OUT, b'b' INOUT, b'v' VARIADIC, b't' TABLE.
    pub mode: u8,
    pub default: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateDatabaseStmt {
    pub name: String,
    pub options: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateRoleStmt {
    /// "ROLE", "USER" or "GROUP".
    pub kind: String,
    pub name: String,
    pub options: Vec<(String, Option<Expr>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlterRoleStmt {
    /// The role name, or "all" for `ALTER ROLE ALL SET ...`.
    pub name: String,
    /// Role attributes (same encoding as `CreateRoleStmt::options`); empty for SET/RESET.
    pub options: Vec<(String, Option<Expr>)>,
    /// `IN DATABASE d` of a SET/RESET form.
    pub database: Option<String>,
    /// The SET/RESET of `ALTER ROLE ... SET param = value` (a `VariableSetStmt`).
    pub set: Option<VariableSetStmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlterDatabaseStmt {
    pub name: String,
    pub action: AlterDatabaseAction,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AlterDatabaseAction {
    Owner(String),
    Set(VariableSetStmt),
    /// `[WITH] option [=] value ...` (CONNECTION LIMIT, ALLOW_CONNECTIONS, IS_TEMPLATE).
    Options(Vec<(String, Option<String>)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlterTableStmt {
    pub table: QualifiedName,
    pub if_exists: bool,
    pub only: bool,
    /// ALTER INDEX / ALTER VIEW / ALTER SEQUENCE ... use the same node with this kind.
    pub object_kind: ObjectKind,
    pub actions: Vec<AlterTableAction>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AlterTableAction {
    AddColumn {
        column: ColumnDef,
        if_not_exists: bool,
    },
    DropColumn {
        name: String,
        if_exists: bool,
        behavior: DropBehavior,
    },
    AlterColumnType {
        name: String,
        type_name: TypeName,
        using: Option<Expr>,
    },
    SetDefault {
        column: String,
        default: Option<Expr>,
    },
    SetNotNull(String),
    DropNotNull(String),
    AddConstraint(TableConstraint),
    DropConstraint {
        name: String,
        if_exists: bool,
        behavior: DropBehavior,
    },
    ValidateConstraint(String),
    RenameColumn {
        old: String,
        new: String,
    },
    RenameTable(String),
    RenameConstraint {
        old: String,
        new: String,
    },
    SetSchema(String),
    OwnerTo(String),
    SetOptions(Vec<(String, Option<String>)>),
    ResetOptions(Vec<String>),
    /// Any other subcommand, kept as text for a "not supported" error.
    Other(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    Table,
    Index,
    Sequence,
    View,
    MaterializedView,
    Schema,
    Function,
    Aggregate,
    Type,
    Domain,
    Database,
    Role,
    Extension,
    Trigger,
    Rule,
    Operator,
    Cast,
    Collation,
    Conversion,
    Language,
    ForeignTable,
    Server,
    Tablespace,
    Policy,
    Publication,
    Subscription,
    EventTrigger,
    TextSearchConfiguration,
    TextSearchDictionary,
    OperatorClass,
    OperatorFamily,
    AccessMethod,
    ForeignDataWrapper,
    Statistics,
    Column,
    Constraint,
    LargeObject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropBehavior {
    Restrict,
    Cascade,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropStmt {
    pub kind: ObjectKind,
    /// Names of the objects; for functions, `arg_types` holds each object's argument list.
    pub names: Vec<QualifiedName>,
    pub arg_types: Vec<Option<Vec<TypeName>>>,
    pub if_exists: bool,
    pub behavior: DropBehavior,
    pub concurrently: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TruncateStmt {
    pub tables: Vec<(QualifiedName, bool)>,
    pub restart_identity: bool,
    pub behavior: DropBehavior,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenameStmt {
    pub kind: ObjectKind,
    pub name: QualifiedName,
    pub new_name: String,
    pub if_exists: bool,
}

// ---------------------------------------------------------------- utility

#[derive(Clone, Debug, PartialEq)]
pub enum TransactionStmt {
    /// BEGIN / START TRANSACTION with modes.
    Begin(Vec<TransactionMode>),
    Commit {
        chain: bool,
    },
    Rollback {
        chain: bool,
    },
    Savepoint(String),
    Release(String),
    RollbackTo(String),
    PrepareTransaction(String),
    CommitPrepared(String),
    RollbackPrepared(String),
    /// SET TRANSACTION modes / SET SESSION CHARACTERISTICS AS TRANSACTION modes (session: true).
    SetTransaction {
        modes: Vec<TransactionMode>,
        session: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransactionMode {
    /// "serializable", "repeatable read", "read committed", "read uncommitted".
    IsolationLevel(String),
    ReadOnly,
    ReadWrite,
    Deferrable,
    NotDeferrable,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariableSetStmt {
    /// SET [LOCAL|SESSION] name { TO | = } value[, ...]. Values keep their literal text
    /// (identifiers, strings and numbers); `DEFAULT` is `values: None`.
    Set {
        name: String,
        values: Option<Vec<SetValue>>,
        local: bool,
        location: Loc,
    },
    /// RESET name.
    Reset {
        name: String,
    },
    ResetAll,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetValue {
    /// A string literal or identifier.
    String(String),
    /// A numeric literal as written.
    Number(String),
    /// `INTERVAL 'x' HOUR TO MINUTE` style (SET TIME ZONE INTERVAL ...).
    Interval(String, Vec<String>),
    /// `LOCAL` in SET TIME ZONE LOCAL (same as DEFAULT).
    Local,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariableShowStmt {
    Name(String),
    All,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExplainStmt {
    pub statement: Statement,
    /// (option, value) pairs: analyze, verbose, costs, buffers, timing, summary, format.
    pub options: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CopyStmt {
    /// COPY table [(cols)] ...; None when copying a query.
    pub table: Option<QualifiedName>,
    pub columns: Vec<String>,
    pub query: Option<Box<Statement>>,
    pub is_from: bool,
    /// None = STDIN/STDOUT; Some(path) = server file; `program` for PROGRAM.
    pub filename: Option<String>,
    pub program: bool,
    /// Options in the new (WITH (...)) or old syntax, normalised to (name, value):
    /// format, delimiter, null, header, quote, escape, force_quote (value "*" or a
    /// comma-separated column list), force_not_null, force_null, encoding, freeze, oids.
    pub options: Vec<(String, Option<String>)>,
    pub where_clause: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrepareStmt {
    pub name: String,
    pub arg_types: Vec<TypeName>,
    pub statement: Statement,
    /// Source text of the prepared statement (for pg_prepared_statements).
    pub statement_text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExecuteStmt {
    pub name: String,
    pub params: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeallocateStmt {
    /// None = DEALLOCATE ALL.
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeclareCursorStmt {
    pub name: String,
    pub binary: bool,
    pub scroll: Option<bool>,
    pub hold: bool,
    pub query: Statement,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FetchStmt {
    pub cursor: String,
    pub direction: FetchDirection,
    /// MOVE instead of FETCH.
    pub is_move: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchDirection {
    /// NEXT / FORWARD n / FORWARD ALL (None = ALL).
    Forward(Option<i64>),
    Backward(Option<i64>),
    Prior,
    First,
    Last,
    Absolute(i64),
    Relative(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClosePortalStmt {
    /// None = CLOSE ALL.
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VacuumStmt {
    pub full: bool,
    pub freeze: bool,
    pub verbose: bool,
    pub analyze: bool,
    pub tables: Vec<(QualifiedName, Vec<String>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscardStmt {
    All,
    Plans,
    Sequences,
    Temp,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LockStmt {
    pub tables: Vec<(QualifiedName, bool)>,
    /// Lock mode as written, upper case ("ACCESS EXCLUSIVE", ...); default ACCESS EXCLUSIVE.
    pub mode: String,
    pub nowait: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommentStmt {
    pub kind: ObjectKind,
    pub name: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GrantStmt {
    pub is_grant: bool,
    pub privileges: Vec<String>,
    pub object_kind: ObjectKind,
    pub objects: Vec<QualifiedName>,
    pub grantees: Vec<String>,
    /// WITH GRANT/ADMIN OPTION (GRANT), or GRANT/ADMIN OPTION FOR (REVOKE).
    pub with_option: bool,
    /// GRANTED BY role.
    pub grantor: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DoStmt {
    pub body: String,
    pub language: Option<String>,
}

impl Expr {
    /// The source location of an expression (byte offset), -1 if unknown.
    pub fn location(&self) -> Loc {
        match self {
            Expr::Literal { location, .. }
            | Expr::ColumnRef { location, .. }
            | Expr::Param { location, .. }
            | Expr::BinaryOp { location, .. }
            | Expr::UnaryOp { location, .. }
            | Expr::PostfixOp { location, .. }
            | Expr::IsNull { location, .. }
            | Expr::IsBool { location, .. }
            | Expr::IsDistinctFrom { location, .. }
            | Expr::Between { location, .. }
            | Expr::InList { location, .. }
            | Expr::InSubquery { location, .. }
            | Expr::SubqueryComparison { location, .. }
            | Expr::ArrayComparison { location, .. }
            | Expr::Exists { location, .. }
            | Expr::ScalarSubquery { location, .. }
            | Expr::ArraySubquery { location, .. }
            | Expr::Like { location, .. }
            | Expr::Case { location, .. }
            | Expr::Cast { location, .. }
            | Expr::SqlValueFunction { location, .. }
            | Expr::MinMax { location, .. }
            | Expr::Indirection { location, .. }
            | Expr::Collate { location, .. }
            | Expr::AtTimeZone { location, .. } => *location,
            Expr::And(_, l)
            | Expr::Or(_, l)
            | Expr::Not(_, l)
            | Expr::Coalesce(_, l)
            | Expr::NullIf(_, _, l)
            | Expr::Array(_, l)
            | Expr::Row(_, l)
            | Expr::Grouping(_, l)
            | Expr::Default(l)
            | Expr::Nested(_, l) => *l,
            Expr::Func(f) => f.location,
        }
    }
}
