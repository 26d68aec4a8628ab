//! FOREIGN KEY constraints on the session side: creating them (column-level REFERENCES and
//! table-level FOREIGN KEY in CREATE TABLE, ALTER TABLE ADD [CONSTRAINT] FOREIGN KEY ...
//! [NOT VALID]) with PostgreSQL's checks, names and messages, validating existing rows
//! (ADD / VALIDATE CONSTRAINT), and the upkeep other commands need: DROP TABLE of a
//! referenced table (2BP01, or CASCADE dropping the constraints), TRUNCATE of a referenced
//! table (0A000, or CASCADE truncating the referencing tables), dropping a referenced
//! PRIMARY KEY / UNIQUE constraint, and COPY FROM checks. Enforcement lives in executor::ri.

use crate::session::Session;
use catalog::foreign_key::{
    choose_fkey_name, ForeignKey, NewForeignKey, FKCONSTR_ACTION_CASCADE, FKCONSTR_ACTION_NOACTION,
    FKCONSTR_ACTION_RESTRICT, FKCONSTR_ACTION_SETDEFAULT, FKCONSTR_ACTION_SETNULL,
    FKCONSTR_MATCH_FULL, FKCONSTR_MATCH_SIMPLE,
};
use catalog::RelationInfo;
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use parser::ast::{
    ColumnConstraintKind, CreateTableStmt, ForeignKeyRef, QualifiedName, ReferentialAction,
    TableConstraintKind, TableElement,
};
use std::sync::Arc;

/// One foreign key to create.
#[derive(Clone, Debug)]
pub(crate) struct FkSpec<'a> {
    pub name: Option<&'a str>,
    pub columns: Vec<String>,
    pub reference: &'a ForeignKeyRef,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    pub not_valid: bool,
}

fn action_code(a: ReferentialAction) -> u8 {
    match a {
        ReferentialAction::NoAction => FKCONSTR_ACTION_NOACTION,
        ReferentialAction::Restrict => FKCONSTR_ACTION_RESTRICT,
        ReferentialAction::Cascade => FKCONSTR_ACTION_CASCADE,
        ReferentialAction::SetNull => FKCONSTR_ACTION_SETNULL,
        ReferentialAction::SetDefault => FKCONSTR_ACTION_SETDEFAULT,
    }
}

/// The opclass input type of a key column type (varchar keys use text_ops, ...).
fn opclass_type(t: Oid) -> Oid {
    use types::oids::*;
    match t {
        VARCHAR => TEXT,
        _ => t,
    }
}

/// Type families whose btree operator family has cross-type equality operators.
fn same_family(a: Oid, b: Oid) -> bool {
    use types::oids::*;
    let fam = |t: Oid| match t {
        INT2 | INT4 | INT8 => 1,
        FLOAT4 | FLOAT8 => 2,
        TEXT | VARCHAR | NAME => 3,
        DATE | TIMESTAMP | TIMESTAMPTZ => 4,
        _ => 0,
    };
    a == b || (fam(a) != 0 && fam(a) == fam(b))
}

/// The `=` operator OID for (left, right), 0 if none.
fn eq_op(left: Oid, right: Oid) -> Oid {
    let reg = analyzer::registry();
    reg.oper_exact("=", left, right)
        .or_else(|| reg.oper_exact("=", opclass_type(left), opclass_type(right)))
        .map(|o| o.oid)
        .unwrap_or(0)
}

impl Session {
    /// CREATE TABLE: create the REFERENCES / FOREIGN KEY constraints of `c` on the new table
    /// `table_oid` (after its columns and keys exist).
    pub(crate) fn create_table_foreign_keys(
        &mut self,
        table_oid: Oid,
        c: &CreateTableStmt,
    ) -> PgResult<()> {
        let mut specs = Vec::new();
        for el in &c.elements {
            match el {
                TableElement::Column(cd) => {
                    for cons in &cd.constraints {
                        if let ColumnConstraintKind::References(r) = &cons.kind {
                            specs.push(FkSpec {
                                name: cons.name.as_deref(),
                                columns: vec![cd.name.clone()],
                                reference: r,
                                deferrable: cons.deferrable,
                                initially_deferred: cons.initially_deferred,
                                not_valid: false,
                            });
                        }
                    }
                }
                TableElement::Constraint(tc) => {
                    if let TableConstraintKind::ForeignKey { columns, reference } = &tc.kind {
                        specs.push(FkSpec {
                            name: tc.name.as_deref(),
                            columns: columns.clone(),
                            reference,
                            deferrable: tc.deferrable,
                            initially_deferred: tc.initially_deferred,
                            not_valid: false,
                        });
                    }
                }
                _ => {}
            }
        }
        for s in &specs {
            self.command_counter_increment();
            self.add_foreign_key(table_oid, s, false)?;
        }
        Ok(())
    }

    /// Create one foreign key on table `relid`; `check_rows` validates existing rows (ALTER
    /// TABLE ADD without NOT VALID).
    pub(crate) fn add_foreign_key(
        &mut self,
        relid: Oid,
        spec: &FkSpec,
        check_rows: bool,
    ) -> PgResult<Oid> {
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| PgError::internal(format!("relation {relid} not found")))?;
        let r = spec.reference;
        if r.match_type == b'p' {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "MATCH PARTIAL not yet implemented"
            ));
        }
        let deferrable = spec.deferrable.unwrap_or(false);
        let deferred = spec.initially_deferred.unwrap_or(false);
        if deferred && spec.deferrable == Some(false) {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "constraint declared INITIALLY DEFERRED must be DEFERRABLE"
            ));
        }
        let deferrable = deferrable || deferred;
        // The referenced table (a self-reference may name the table being created).
        let parent = self.referenced_relation(&r.table, &rel)?;
        if parent.relkind != b'r' {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "referenced relation \"{}\" is not a table",
                parent.name
            ));
        }
        match (rel.persistence, parent.persistence) {
            (b'p', b'p') | (b't', b't') | (b'u', _) => {}
            (b'p', _) => {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "constraints on permanent tables may reference only permanent tables"
                ))
            }
            (b't', _) => {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "constraints on temporary tables may reference only temporary tables"
                ))
            }
            _ => {}
        }
        let conkey = column_numbers(&rel, &spec.columns)?;
        let (confkey, index_oid) = if r.columns.is_empty() {
            self.primary_key_of(&parent)?
        } else {
            let k = column_numbers(&parent, &r.columns)?;
            let idx = self.matching_unique_index(&parent, &k)?;
            (k, idx)
        };
        if conkey.len() != confkey.len() {
            return Err(pg_err!(
                INVALID_FOREIGN_KEY,
                "number of referencing and referenced columns for foreign key disagree"
            ));
        }
        let name = match spec.name {
            Some(n) => {
                let n = n.to_string();
                let exists =
                    self.with_catalog(false, |cat, cx| cat.constraint_exists(cx, relid, &n))?;
                if exists {
                    return Err(pg_err!(
                        DUPLICATE_OBJECT,
                        "constraint \"{}\" for relation \"{}\" already exists",
                        n,
                        rel.name
                    ));
                }
                n
            }
            None => {
                let ns = rel.namespace_oid;
                let taken =
                    self.with_catalog(false, |cat, cx| cat.constraint_names_in_namespace(cx, ns))?;
                let cols: Vec<&str> = spec.columns.iter().map(|s| s.as_str()).collect();
                choose_fkey_name(&rel.name, &cols, &|n| taken.iter().any(|t| t == n))
            }
        };
        let reg = analyzer::registry();
        let mut pf = Vec::new();
        let mut pp = Vec::new();
        let mut ff = Vec::new();
        for (&fa, &pa) in conkey.iter().zip(&confkey) {
            let (Some(fcol), Some(pcol)) = (
                rel.columns.get((fa - 1) as usize),
                parent.columns.get((pa - 1) as usize),
            ) else {
                return Err(PgError::internal("foreign key column vanished"));
            };
            let (ft, pt) = (fcol.type_oid, pcol.type_oid);
            let ok = same_family(ft, pt)
                || analyzer::coerce::can_coerce(
                    reg,
                    ft,
                    opclass_type(pt),
                    analyzer::coerce::Ctx::Implicit,
                ) && ft != types::oids::UNKNOWN;
            if !ok || eq_op(pt, pt) == 0 {
                return Err(pg_err!(
                    DATATYPE_MISMATCH,
                    "foreign key constraint \"{}\" cannot be implemented",
                    name
                )
                .with_detail(format!(
                    "Key columns \"{}\" and \"{}\" are of incompatible types: {} and {}.",
                    fcol.name,
                    pcol.name,
                    types::typeinfo::format_type(ft, -1),
                    types::typeinfo::format_type(pt, -1)
                )));
            }
            let pfo = if same_family(ft, pt) {
                eq_op(pt, ft)
            } else {
                eq_op(pt, pt)
            };
            pf.push(pfo);
            pp.push(eq_op(pt, pt));
            ff.push(eq_op(ft, ft));
        }
        let fk = ForeignKey {
            oid: 0,
            name: name.clone(),
            namespace_oid: rel.namespace_oid,
            conrelid: relid,
            conkey: conkey.clone(),
            confrelid: parent.oid,
            confkey: confkey.clone(),
            pf_eq_ops: pf.clone(),
            pp_eq_ops: pp.clone(),
            ff_eq_ops: ff.clone(),
            upd_type: action_code(r.on_update),
            del_type: action_code(r.on_delete),
            match_type: if r.match_type == b'f' {
                FKCONSTR_MATCH_FULL
            } else {
                FKCONSTR_MATCH_SIMPLE
            },
            deferrable,
            deferred,
            validated: !(check_rows && spec.not_valid),
            index_oid,
        };
        if check_rows && !spec.not_valid {
            self.validate_fk_rows(&fk)?;
        }
        let conoid = self.with_catalog(true, |cat, cx| {
            cat.insert_foreign_key(
                cx,
                &NewForeignKey {
                    name: &fk.name,
                    namespace_oid: fk.namespace_oid,
                    conrelid: fk.conrelid,
                    conkey: &fk.conkey,
                    confrelid: fk.confrelid,
                    confkey: &fk.confkey,
                    pf_eq_ops: &fk.pf_eq_ops,
                    pp_eq_ops: &fk.pp_eq_ops,
                    ff_eq_ops: &fk.ff_eq_ops,
                    upd_type: fk.upd_type,
                    del_type: fk.del_type,
                    match_type: fk.match_type,
                    deferrable: fk.deferrable,
                    deferred: fk.deferred,
                    validated: fk.validated,
                    index_oid: fk.index_oid,
                },
            )
            .and_then(|oid| {
                cat.set_relhastriggers(cx, &[fk.conrelid, fk.confrelid])?;
                Ok(oid)
            })
        })?;
        self.command_counter_increment();
        Ok(conoid)
    }

    /// The referenced table of a new constraint on `rel` (which may be itself).
    fn referenced_relation(
        &mut self,
        name: &QualifiedName,
        rel: &Arc<RelationInfo>,
    ) -> PgResult<Arc<RelationInfo>> {
        if let Some(p) = self.lookup_relation(name)? {
            return Ok(p);
        }
        if name.name == rel.name
            && name
                .schema
                .as_ref()
                .is_none_or(|s| *s == rel.namespace_name)
        {
            return Ok(rel.clone());
        }
        Err(pg_err!(
            UNDEFINED_TABLE,
            "relation \"{}\" does not exist",
            name.name
        ))
    }

    /// The referenced table's primary key columns and index (42704 without one).
    fn primary_key_of(&mut self, parent: &RelationInfo) -> PgResult<(Vec<i16>, Oid)> {
        let poid = parent.oid;
        let idx = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, poid))?;
        match idx.into_iter().find(|d| d.primary) {
            Some(d) => Ok((d.keys.clone(), d.oid)),
            None => Err(pg_err!(
                UNDEFINED_OBJECT,
                "there is no primary key for referenced table \"{}\"",
                parent.name
            )),
        }
    }

    /// The unique index of `parent` whose columns are exactly `keys` (in any order).
    fn matching_unique_index(&mut self, parent: &RelationInfo, keys: &[i16]) -> PgResult<Oid> {
        let poid = parent.oid;
        let idx = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, poid))?;
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        let dup = sorted.windows(2).any(|w| w[0] == w[1]);
        if !dup {
            for d in &idx {
                if !d.unique || !d.plain() || d.pred.is_some() || d.keys.len() != keys.len() {
                    continue;
                }
                let mut k = d.keys.clone();
                k.sort_unstable();
                if k == sorted {
                    if !d.immediate {
                        return Err(pg_err!(
                            WRONG_OBJECT_TYPE,
                            "cannot use a deferrable unique constraint for referenced table \"{}\"",
                            parent.name
                        ));
                    }
                    return Ok(d.oid);
                }
            }
        }
        Err(pg_err!(
            INVALID_FOREIGN_KEY,
            "there is no unique constraint matching given keys for referenced table \"{}\"",
            parent.name
        ))
    }

    fn validate_fk_rows(&mut self, fk: &ForeignKey) -> PgResult<()> {
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::ri::validate_existing_rows(&mut cx, fk)
        };
        self.notices.extend(notices);
        r
    }

    /// ALTER TABLE VALIDATE CONSTRAINT for a foreign key: false if `name` is not one of
    /// `relid`'s foreign keys.
    pub(crate) fn validate_foreign_key(&mut self, relid: Oid, name: &str) -> PgResult<bool> {
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, relid))?;
        let Some(fk) = fks.outgoing.iter().find(|f| f.name == name).cloned() else {
            return Ok(false);
        };
        if fk.validated {
            return Ok(true);
        }
        self.validate_fk_rows(&fk)?;
        let oid = fk.oid;
        self.with_catalog(true, |cat, cx| cat.set_constraint_validated(cx, oid))?;
        self.command_counter_increment();
        Ok(true)
    }

    /// DROP TABLE `oid` (one of `names`): foreign keys of other tables (not also being
    /// dropped) that reference it fail the drop (2BP01), or with CASCADE are dropped with a
    /// NOTICE. The table's own foreign keys go away with it.
    pub(crate) fn fk_before_drop_table(
        &mut self,
        oid: Oid,
        names: &[QualifiedName],
        cascade: bool,
    ) -> PgResult<()> {
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, oid))?;
        if fks.is_empty() {
            return Ok(());
        }
        let mut dropping = Vec::new();
        for n in names {
            if let Some(r) = self.lookup_relation(n)? {
                dropping.push(r.oid);
            }
        }
        let parent = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
            .ok_or_else(|| PgError::internal("relation vanished"))?;
        let mut dependents = Vec::new();
        for fk in fks
            .incoming
            .iter()
            .filter(|f| !dropping.contains(&f.conrelid))
        {
            let child = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, fk.conrelid))?;
            let cname = child.map(|c| c.name.clone()).unwrap_or_default();
            dependents.push((fk.oid, format!("constraint {} on table {}", fk.name, cname)));
        }
        if !dependents.is_empty() && !cascade {
            return Err(pg_err!(
                DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop table {} because other objects depend on it",
                parent.name
            )
            .with_detail(
                dependents
                    .iter()
                    .map(|d| format!("{} depends on table {}", d.1, parent.name))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .with_hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        self.drop_constraints_with_notice(&dependents)?;
        // The table's own foreign keys: remove their dependency rows too.
        let own: Vec<Oid> = fks
            .outgoing
            .iter()
            .map(|f| f.oid)
            .chain(
                fks.incoming
                    .iter()
                    .filter(|f| dropping.contains(&f.conrelid))
                    .map(|f| f.oid),
            )
            .collect();
        if !own.is_empty() {
            self.with_catalog(true, |cat, cx| {
                for o in &own {
                    cat.delete_constraint(cx, *o)?;
                }
                cat.delete_constraint_dependencies(cx, &own)
            })?;
            self.command_counter_increment();
        }
        Ok(())
    }

    fn drop_constraints_with_notice(&mut self, dependents: &[(Oid, String)]) -> PgResult<()> {
        if dependents.is_empty() {
            return Ok(());
        }
        let oids: Vec<Oid> = dependents.iter().map(|d| d.0).collect();
        self.with_catalog(true, |cat, cx| {
            for o in &oids {
                cat.delete_constraint(cx, *o)?;
            }
            cat.delete_constraint_dependencies(cx, &oids)
        })?;
        self.command_counter_increment();
        if dependents.len() == 1 {
            self.notice(
                sqlstate::SUCCESSFUL_COMPLETION,
                &format!("drop cascades to {}", dependents[0].1),
            );
        } else {
            let mut n = PgError::notice(format!(
                "drop cascades to {} other objects",
                dependents.len()
            ))
            .with_detail(
                dependents
                    .iter()
                    .map(|d| format!("drop cascades to {}", d.1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            n.code = sqlstate::SUCCESSFUL_COMPLETION;
            self.notices.push(n);
        }
        Ok(())
    }

    /// 55006 if table `relid` has queued (deferred) constraint events in this transaction,
    /// as PostgreSQL refuses to ALTER TABLE with pending trigger events.
    pub(crate) fn check_no_pending_events(&mut self, relid: Oid) -> PgResult<()> {
        if !self.xact.txn.deferred.has_events_for(relid) {
            return Ok(());
        }
        let name = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .map(|r| r.name.clone())
            .unwrap_or_default();
        Err(pg_err!(
            OBJECT_IN_USE,
            "cannot ALTER TABLE \"{}\" because it has pending trigger events",
            name
        ))
    }

    /// ALTER TABLE DROP CONSTRAINT of a PRIMARY KEY / UNIQUE constraint that foreign keys
    /// rely on: 2BP01, or with CASCADE drop those foreign keys first.
    pub(crate) fn fk_before_drop_key(
        &mut self,
        relid: Oid,
        name: &str,
        cascade: bool,
    ) -> PgResult<()> {
        self.check_no_pending_events(relid)?;
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, relid))?;
        if let Some(fk) = fks.outgoing.iter().find(|f| f.name == name) {
            // Dropping a foreign key also alters the referenced table.
            self.check_no_pending_events(fk.confrelid)?;
        }
        let cons = self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, relid))?;
        let Some((_, cname, contype, indoid)) = cons.into_iter().find(|c| c.1 == name) else {
            return Ok(());
        };
        if !matches!(contype, b'p' | b'u') || indoid == 0 {
            return Ok(());
        }
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, relid))?;
        let users: Vec<Arc<ForeignKey>> = fks
            .incoming
            .iter()
            .filter(|f| f.index_oid == indoid)
            .cloned()
            .collect();
        if users.is_empty() {
            return Ok(());
        }
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| PgError::internal("relation vanished"))?;
        let index_name = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, indoid))?
            .map(|r| r.name.clone())
            .unwrap_or_default();
        let mut dependents = Vec::new();
        for fk in &users {
            let child = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, fk.conrelid))?;
            let cn = child.map(|c| c.name.clone()).unwrap_or_default();
            dependents.push((fk.oid, format!("constraint {} on table {}", fk.name, cn)));
        }
        if !cascade {
            return Err(pg_err!(
                DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop constraint {} on table {} because other objects depend on it",
                cname,
                rel.name
            )
            .with_detail(
                dependents
                    .iter()
                    .map(|d| format!("{} depends on index {}", d.1, index_name))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .with_hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        self.drop_constraints_with_notice(&dependents)
    }

    /// TRUNCATE: tables referencing a truncated table must be truncated with it: 0A000, or
    /// with CASCADE they are added to `rels` (NOTICE `truncate cascades to table "x"`).
    pub(crate) fn fk_truncate_targets(
        &mut self,
        rels: &mut Vec<Oid>,
        cascade: bool,
    ) -> PgResult<()> {
        // PostgreSQL's order: each round adds every table referencing the current set, by OID.
        for _ in 0..10_000 {
            let mut refs: Vec<(Oid, Oid)> = Vec::new();
            for &oid in rels.iter() {
                let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, oid))?;
                for fk in &fks.incoming {
                    if !rels.contains(&fk.conrelid) {
                        refs.push((fk.conrelid, oid));
                    }
                }
            }
            if refs.is_empty() {
                return Ok(());
            }
            if !cascade {
                // The error names the first listed table's lowest-OID referencing table.
                let pos = |o: Oid| rels.iter().position(|r| *r == o).unwrap_or(usize::MAX);
                refs.sort_by_key(|&(child, parent)| (pos(parent), child));
                refs.truncate(1);
            }
            refs.sort_unstable();
            refs.dedup_by_key(|r| r.0);
            for (child_oid, parent_oid) in refs {
                let child = self
                    .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, child_oid))?
                    .ok_or_else(|| PgError::internal("relation vanished"))?;
                if !cascade {
                    let parent = self
                        .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, parent_oid))?
                        .ok_or_else(|| PgError::internal("relation vanished"))?;
                    return Err(pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "cannot truncate a table referenced in a foreign key constraint"
                    )
                    .with_detail(format!(
                        "Table \"{}\" references \"{}\".",
                        child.name, parent.name
                    ))
                    .with_hint(format!(
                        "Truncate table \"{}\" at the same time, or use TRUNCATE ... CASCADE.",
                        child.name
                    )));
                }
                self.notice(
                    sqlstate::SUCCESSFUL_COMPLETION,
                    &format!("truncate cascades to table \"{}\"", child.name),
                );
                rels.push(child_oid);
            }
        }
        Ok(())
    }

    /// COPY FROM: after the rows are stored, check the table's foreign keys for them.
    pub(crate) fn copy_check_foreign_keys(
        &mut self,
        rel: &RelationInfo,
        tids: &[access::ItemPointer],
    ) -> PgResult<()> {
        if tids.is_empty() {
            return Ok(());
        }
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::ri::after_copy(&mut cx, rel, tids)
        };
        self.notices.extend(notices);
        r
    }

    /// COPY FROM: does `rel` reference other tables (so row ids must be collected)?
    pub(crate) fn copy_needs_fk_check(&mut self, rel: &RelationInfo) -> PgResult<bool> {
        let oid = rel.oid;
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, oid))?;
        Ok(!fks.outgoing.is_empty())
    }
}

/// The attnums of `names` in `rel` (42703 `column "x" referenced in foreign key constraint
/// does not exist`).
fn column_numbers(rel: &RelationInfo, names: &[String]) -> PgResult<Vec<i16>> {
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        match rel.column(n) {
            Some(c) => out.push(c.attnum),
            None => {
                return Err(pg_err!(
                    UNDEFINED_COLUMN,
                    "column \"{}\" referenced in foreign key constraint does not exist",
                    n
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_rules() {
        use types::oids::*;
        assert!(same_family(INT4, INT8));
        assert!(!same_family(INT4, INET));
        assert_eq!(eq_op(INT4, INT4), 96);
        assert_eq!(opclass_type(VARCHAR), TEXT);
        assert_eq!(action_code(ReferentialAction::SetDefault), b'd');
    }
}
