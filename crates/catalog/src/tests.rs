//! End-to-end tests: bootstrap a cluster in a temp dir, then lookups and transactional DDL.

use crate::bootstrap::boot_rows;
use crate::oids::*;
use crate::schema::{self, CATALOGS};
use crate::*;
use common::sqlstate;
use types::oids as t;

fn opts() -> BootstrapOptions {
    BootstrapOptions {
        superuser: "postgres".into(),
        superuser_password: Some("secret".into()),
        encoding: "UTF8".into(),
        lc_collate: "C".into(),
        lc_ctype: "C".into(),
    }
}

#[test]
fn boot_rows_have_catalog_shapes() {
    let rows = boot_rows(&opts());
    for (catoid, values) in rows.local.iter().chain(rows.shared.iter()) {
        let def = schema::by_oid(*catoid).unwrap();
        assert_eq!(values.len(), def.tuple_desc().attrs.len(), "{}", def.name);
        let nn = def.not_null();
        for (i, v) in values.iter().take(def.natts()).enumerate() {
            assert!(
                !(nn[i] && v.is_null()),
                "{}.{} is NULL",
                def.name,
                def.columns[i].name
            );
        }
    }
    let classes = rows
        .local
        .iter()
        .filter(|(c, _)| *c == schema::PG_CLASS)
        .count();
    assert_eq!(classes, CATALOGS.len());
    // pg_attribute: every column of every catalog plus its system columns.
    let atts = rows
        .local
        .iter()
        .filter(|(c, _)| *c == schema::PG_ATTRIBUTE)
        .count();
    let expect: usize = CATALOGS
        .iter()
        .map(|d| d.natts() + if d.has_oids { 7 } else { 6 })
        .sum();
    assert_eq!(atts, expect);
    let aggs = builtin_aggregates();
    assert!(aggs
        .iter()
        .any(|a| a.proc_oid == 2803 && a.arg_types.is_empty()));
    assert!(aggs
        .iter()
        .any(|a| a.proc_oid == 2108 && a.ret_type == t::INT8));
}

struct Env {
    _dir: tempfile::TempDir,
    storage: Arc<Storage>,
    tm: Arc<TransactionManager>,
    cat: Arc<Catalog>,
    intr: Interrupts,
}

fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    bootstrap_cluster(dir.path(), &opts()).unwrap();
    let storage = Storage::open(dir.path(), 256).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let cat = Catalog::new(storage.clone(), tm.clone());
    Env {
        _dir: dir,
        storage,
        tm,
        cat,
        intr: Interrupts::new(),
    }
}

impl Env {
    fn cx<'a>(&'a self, snap: &'a Snapshot, xid: Xid, cid: CommandId) -> CatalogCx<'a> {
        CatalogCx {
            storage: &self.storage,
            tm: &self.tm,
            db_oid: POSTGRES_DB,
            snapshot: snap,
            xid,
            cid,
            interrupts: &self.intr,
        }
    }
}

fn col(name: &str, typ: Oid) -> NewColumn {
    NewColumn {
        name: name.into(),
        type_oid: typ,
        typmod: -1,
        not_null: false,
        default_expr: None,
    }
}

#[test]
fn bootstrap_then_lookups() {
    let env = setup();
    let snap = env.tm.snapshot(txn::INVALID_XID, 0);
    let cx = env.cx(&snap, txn::INVALID_XID, 0);
    let c = &env.cat;
    let pg_class = c
        .relation_by_name(&cx, PG_CATALOG_NAMESPACE, "pg_class")
        .unwrap()
        .unwrap();
    assert_eq!(pg_class.oid, PG_CLASS);
    assert_eq!(pg_class.columns.len(), 33);
    assert_eq!(pg_class.row_type, 83);
    assert_eq!(pg_class.columns[0].name, "relname");
    assert_eq!(pg_class.columns[0].type_oid, t::NAME);
    assert!(pg_class.columns[0].not_null);
    assert!(pg_class.has_oids());
    assert_eq!(pg_class.oid_column_index(), Some(33));
    assert_eq!(pg_class.system_column("oid"), Some((-2, t::OID)));
    assert_eq!(pg_class.file.db_node, POSTGRES_DB);
    assert_eq!(pg_class.file.rel_node, PG_CLASS);
    let pg_db = c
        .relation_by_name(&cx, PG_CATALOG_NAMESPACE, "pg_database")
        .unwrap()
        .unwrap();
    assert_eq!(pg_db.file.spc_node, 1664);
    assert_eq!(pg_db.file.db_node, 0);
    assert_eq!(
        c.namespace_oid(&cx, "public").unwrap(),
        Some(PUBLIC_NAMESPACE)
    );
    assert_eq!(
        c.namespace_name(&cx, PG_CATALOG_NAMESPACE)
            .unwrap()
            .as_deref(),
        Some("pg_catalog")
    );
    let int4 = c
        .type_by_name(&cx, PG_CATALOG_NAMESPACE, "int4")
        .unwrap()
        .unwrap();
    assert_eq!(int4.oid, t::INT4);
    assert_eq!(int4.array, t::INT4_ARRAY);
    let rt = c.type_by_oid(&cx, 83).unwrap().unwrap();
    assert_eq!(
        (rt.name.as_str(), rt.typtype, rt.relid),
        ("pg_class", b'c', PG_CLASS)
    );
    let db = c.database_by_name(&cx, "postgres").unwrap().unwrap();
    assert_eq!(db.oid, POSTGRES_DB);
    assert_eq!(db.encoding, 6);
    let t0 = c.database_by_name(&cx, "template0").unwrap().unwrap();
    assert!(!t0.allow_connections && t0.is_template);
    let role = c.role_by_name(&cx, "postgres").unwrap().unwrap();
    assert_eq!(role.oid, BOOTSTRAP_SUPERUSER);
    assert!(role.superuser && role.can_login);
    assert_eq!(
        role.password.as_deref(),
        Some(crate::md5::md5_password("secret", "postgres").as_str())
    );
    // Shared catalogs are readable before a database is chosen.
    let cx0 = CatalogCx {
        db_oid: 0,
        ..env.cx(&snap, txn::INVALID_XID, 0)
    };
    assert!(c.role_by_name(&cx0, "postgres").unwrap().is_some());
    // Every catalog is listed in pg_catalog.
    let rels = c.list_relations(&cx, PG_CATALOG_NAMESPACE).unwrap();
    assert_eq!(rels.len(), CATALOGS.len());
    // pg_attribute rows of pg_class include the system columns.
    let atts = c.scan_catalog(&cx, PG_ATTRIBUTE).unwrap();
    let n = atts
        .iter()
        .filter(|v| v[0] == types::Datum::Oid(PG_CLASS))
        .count();
    assert_eq!(n, 33 + 7);
}

#[test]
fn create_table_mvcc() {
    let env = setup();
    let c = &env.cat;
    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let mut cols = vec![col("a", t::INT4), col("b", t::TEXT)];
    cols[1].default_expr = Some("'x'::text".into());
    cols[0].not_null = true;
    let oid = c
        .create_table(&cx, PUBLIC_NAMESPACE, "t", &cols, b'p')
        .unwrap();
    assert!(oid >= FIRST_NORMAL_OID);
    // Visible to itself.
    let rel = c
        .relation_by_name(&cx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .unwrap();
    assert_eq!(rel.oid, oid);
    assert_eq!(rel.columns.len(), 2);
    assert!(rel.columns[0].not_null);
    assert_eq!(rel.columns[1].default_expr.as_deref(), Some("'x'::text"));
    assert_eq!(rel.tuple_desc.attrs.len(), 2);
    assert!(!rel.has_oids());
    assert!(env.storage.relation_exists(rel.file));
    let rt = c.type_by_oid(&cx, rel.row_type).unwrap().unwrap();
    assert_eq!((rt.name.as_str(), rt.relid), ("t", oid));
    let arr = c
        .type_by_name(&cx, PUBLIC_NAMESPACE, "_t")
        .unwrap()
        .unwrap();
    assert_eq!(arr.elem, rel.row_type);
    // Duplicates.
    let e = c
        .create_table(&cx, PUBLIC_NAMESPACE, "t", &cols, b'p')
        .unwrap_err();
    assert_eq!(e.code, sqlstate::DUPLICATE_TABLE);
    assert_eq!(e.message, "relation \"t\" already exists");
    let e = c
        .create_table(
            &cx,
            PUBLIC_NAMESPACE,
            "u",
            &[col("a", t::INT4), col("a", t::INT4)],
            b'p',
        )
        .unwrap_err();
    assert_eq!(e.code, sqlstate::DUPLICATE_COLUMN);
    assert_eq!(e.message, "column \"a\" specified more than once");
    let many: Vec<NewColumn> = (0..1601).map(|i| col(&format!("c{i}"), t::INT4)).collect();
    let e = c
        .create_table(&cx, PUBLIC_NAMESPACE, "u", &many, b'p')
        .unwrap_err();
    assert_eq!(e.code, sqlstate::TOO_MANY_COLUMNS);
    assert_eq!(e.message, "tables can have at most 1600 columns");

    // Invisible to another transaction until commit.
    let other_snap = env.tm.snapshot(txn::INVALID_XID, 0);
    let ocx = env.cx(&other_snap, txn::INVALID_XID, 0);
    assert!(c
        .relation_by_name(&ocx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    env.tm.commit(xid).unwrap();
    c.at_commit(xid);
    // The old snapshot still does not see it; a new one does.
    let new_snap = env.tm.snapshot(txn::INVALID_XID, 0);
    let ncx = env.cx(&new_snap, txn::INVALID_XID, 0);
    let rel2 = c
        .relation_by_name(&ncx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .unwrap();
    assert_eq!(rel2.oid, oid);
    // Cached now; still correct.
    let rel3 = c
        .relation_by_name(&ncx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .unwrap();
    assert!(Arc::ptr_eq(&rel2, &rel3));
}

#[test]
fn rollback_leaves_no_trace() {
    let env = setup();
    let c = &env.cat;
    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let ns = c.create_namespace(&cx, "s", BOOTSTRAP_SUPERUSER).unwrap();
    let oid = c
        .create_table(&cx, ns, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    let file = c.relation_by_oid(&cx, oid).unwrap().unwrap().file;
    assert!(env.storage.relation_exists(file));
    env.tm.abort(xid).unwrap();
    c.at_abort(xid);
    assert!(!env.storage.relation_exists(file));
    let snap2 = env.tm.snapshot(txn::INVALID_XID, 0);
    let cx2 = env.cx(&snap2, txn::INVALID_XID, 0);
    assert!(c.namespace_oid(&cx2, "s").unwrap().is_none());
    assert!(c.relation_by_oid(&cx2, oid).unwrap().is_none());
    assert!(c.type_by_name(&cx2, ns, "t").unwrap().is_none());
    // The name can be reused.
    let xid2 = env.tm.begin().unwrap();
    let snap3 = env.tm.snapshot(xid2, 0);
    let cx3 = env.cx(&snap3, xid2, 0);
    c.create_table(&cx3, PUBLIC_NAMESPACE, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    env.tm.commit(xid2).unwrap();
    c.at_commit(xid2);
}

#[test]
fn drop_commit_removes_file() {
    let env = setup();
    let c = &env.cat;
    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let oid = c
        .create_table(&cx, PUBLIC_NAMESPACE, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    env.tm.commit(xid).unwrap();
    c.at_commit(xid);

    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let rel = c.relation_by_oid(&cx, oid).unwrap().unwrap();
    c.drop_relation(&cx, oid).unwrap();
    assert!(c
        .relation_by_name(&cx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    // Others still see it; the file stays until commit.
    let osnap = env.tm.snapshot(txn::INVALID_XID, 0);
    let ocx = env.cx(&osnap, txn::INVALID_XID, 0);
    assert!(c
        .relation_by_name(&ocx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_some());
    assert!(env.storage.relation_exists(rel.file));
    env.tm.commit(xid).unwrap();
    c.at_commit(xid);
    assert!(!env.storage.relation_exists(rel.file));
    let snap = env.tm.snapshot(txn::INVALID_XID, 0);
    let cx = env.cx(&snap, txn::INVALID_XID, 0);
    assert!(c
        .relation_by_name(&cx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    assert!(c
        .type_by_name(&cx, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    assert!(c
        .type_by_name(&cx, PUBLIC_NAMESPACE, "_t")
        .unwrap()
        .is_none());
}

#[test]
fn drop_schema_restrict_and_cascade() {
    let env = setup();
    let c = &env.cat;
    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let ns = c.create_namespace(&cx, "s", BOOTSTRAP_SUPERUSER).unwrap();
    let e = c
        .create_namespace(&cx, "s", BOOTSTRAP_SUPERUSER)
        .unwrap_err();
    assert_eq!(e.code, sqlstate::DUPLICATE_SCHEMA);
    assert_eq!(e.message, "schema \"s\" already exists");
    let cx = env.cx(&snap, xid, 1);
    c.create_table(&cx, ns, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    c.create_table(&cx, ns, "U", &[col("a", t::INT4)], b'p')
        .unwrap();
    let cx = env.cx(&snap, xid, 2);
    let e = c.drop_namespace(&cx, ns, false).unwrap_err();
    assert_eq!(e.code, sqlstate::DEPENDENT_OBJECTS_STILL_EXIST);
    assert_eq!(
        e.message,
        "cannot drop schema s because other objects depend on it"
    );
    assert_eq!(
        e.detail.as_deref(),
        Some("table s.t depends on schema s\ntable s.\"U\" depends on schema s")
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("Use DROP ... CASCADE to drop the dependent objects too.")
    );
    let notices = c.drop_namespace_notices(&cx, ns, true, &[]).unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].message, "drop cascades to 2 other objects");
    assert_eq!(
        notices[0].detail.as_deref(),
        Some("drop cascades to table s.t\ndrop cascades to table s.\"U\"")
    );
    assert!(c.namespace_oid(&cx, "s").unwrap().is_none());
    assert!(c.list_relations(&cx, ns).unwrap().is_empty());

    let ns2 = c.create_namespace(&cx, "s2", BOOTSTRAP_SUPERUSER).unwrap();
    c.create_table(&cx, ns2, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    let cx = env.cx(&snap, xid, 3);
    let msgs = c.drop_namespace(&cx, ns2, true).unwrap();
    assert_eq!(msgs, vec!["drop cascades to table s2.t".to_string()]);
    let ns3 = c.create_namespace(&cx, "s3", BOOTSTRAP_SUPERUSER).unwrap();
    let cx = env.cx(&snap, xid, 4);
    assert!(c.drop_namespace(&cx, ns3, false).unwrap().is_empty());
    env.tm.commit(xid).unwrap();
    c.at_commit(xid);
}

#[test]
fn alter_table_helpers() {
    let env = setup();
    let c = &env.cat;
    let xid = env.tm.begin().unwrap();
    let snap = env.tm.snapshot(xid, 0);
    let cx = env.cx(&snap, xid, 0);
    let oid = c
        .create_table(&cx, PUBLIC_NAMESPACE, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    let cx = env.cx(&snap, xid, 1);
    let n = c.add_column(&cx, oid, &col("b", t::TEXT)).unwrap();
    assert_eq!(n, 2);
    let cx = env.cx(&snap, xid, 2);
    let e = c.add_column(&cx, oid, &col("b", t::TEXT)).unwrap_err();
    assert_eq!(e.message, "column \"b\" of relation \"t\" already exists");
    c.set_column_default(&cx, oid, 2, Some("'d'::text"))
        .unwrap();
    c.set_not_null(&cx, oid, 1, true).unwrap();
    c.rename_relation(&cx, oid, "t2").unwrap();
    let rel = c.relation_by_oid(&cx, oid).unwrap().unwrap();
    assert_eq!(rel.name, "t2");
    assert_eq!(rel.columns.len(), 2);
    assert!(rel.columns[0].not_null);
    assert_eq!(rel.columns[1].default_expr.as_deref(), Some("'d'::text"));
    assert!(c
        .type_by_name(&cx, PUBLIC_NAMESPACE, "t2")
        .unwrap()
        .is_some());
    assert!(c
        .type_by_name(&cx, PUBLIC_NAMESPACE, "_t2")
        .unwrap()
        .is_some());
    let cx = env.cx(&snap, xid, 3);
    c.drop_column(&cx, oid, 1).unwrap();
    let rel = c.relation_by_oid(&cx, oid).unwrap().unwrap();
    assert!(rel.columns[0].dropped);
    let cx = env.cx(&snap, xid, 4);
    let old = rel.file;
    let new = c.new_relfilenode(&cx, oid).unwrap();
    assert_ne!(old, new);
    assert!(env.storage.relation_exists(new));
    let cx = env.cx(&snap, xid, 5);
    assert_eq!(c.relation_by_oid(&cx, oid).unwrap().unwrap().file, new);
    assert!(rel.tuple_desc.attrs[0].dropped);
    assert_eq!(rel.live_columns(), 1);
    env.tm.commit(xid).unwrap();
    c.at_commit(xid);
    assert!(!env.storage.relation_exists(old));
    assert!(env.storage.relation_exists(new));
}

#[test]
fn oid_counter_survives_restart() {
    let env = setup();
    let a = env.cat.next_oid().unwrap();
    assert_eq!(a, FIRST_NORMAL_OID);
    let cat2 = Catalog::new(env.storage.clone(), env.tm.clone());
    assert!(cat2.next_oid().unwrap() > a);
}

#[test]
fn concurrent_create_same_name() {
    let env = Arc::new(setup());
    let c = env.cat.clone();
    let x1 = env.tm.begin().unwrap();
    let s1 = env.tm.snapshot(x1, 0);
    c.create_table(
        &env.cx(&s1, x1, 0),
        PUBLIC_NAMESPACE,
        "t",
        &[col("a", t::INT4)],
        b'p',
    )
    .unwrap();
    let env2 = env.clone();
    let h = std::thread::spawn(move || {
        let x2 = env2.tm.begin().unwrap();
        let s2 = env2.tm.snapshot(x2, 0);
        let r = env2.cat.create_table(
            &env2.cx(&s2, x2, 0),
            PUBLIC_NAMESPACE,
            "t",
            &[col("a", t::INT4)],
            b'p',
        );
        env2.tm.abort(x2).unwrap();
        env2.cat.at_abort(x2);
        r
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    env.tm.commit(x1).unwrap();
    c.at_commit(x1);
    let e = h.join().unwrap().unwrap_err();
    assert_eq!(e.code, sqlstate::UNIQUE_VIOLATION);
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\""
    );
}

#[test]
fn cache_respects_snapshots() {
    let env = setup();
    let c = &env.cat;
    // Fill the caches.
    let s0 = env.tm.snapshot(txn::INVALID_XID, 0);
    let cx0 = env.cx(&s0, txn::INVALID_XID, 0);
    assert!(c
        .relation_by_name(&cx0, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    let x1 = env.tm.begin().unwrap();
    let s1 = env.tm.snapshot(x1, 0);
    let cx1 = env.cx(&s1, x1, 0);
    // The writer sees its own table although the cache says otherwise.
    c.create_table(&cx1, PUBLIC_NAMESPACE, "t", &[col("a", t::INT4)], b'p')
        .unwrap();
    assert!(c
        .relation_by_name(&cx1, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_some());
    assert!(c
        .relation_by_name(&cx0, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
    env.tm.commit(x1).unwrap();
    // Committed but at_commit not yet run: a new snapshot must not read the stale cache.
    let s2 = env.tm.snapshot(txn::INVALID_XID, 0);
    let cx2 = env.cx(&s2, txn::INVALID_XID, 0);
    assert!(c
        .relation_by_name(&cx2, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_some());
    c.at_commit(x1);
    assert!(c
        .relation_by_name(&cx2, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_some());
    // The old snapshot still does not see it (bypasses the refilled cache).
    assert!(c
        .relation_by_name(&cx0, PUBLIC_NAMESPACE, "t")
        .unwrap()
        .is_none());
}

#[test]
fn committed_ddl_survives_restart() {
    let dir = tempfile::tempdir().unwrap();
    bootstrap_cluster(dir.path(), &opts()).unwrap();
    let intr = Interrupts::new();
    let oid = {
        let storage = Storage::open(dir.path(), 64).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        let c = Catalog::new(storage.clone(), tm.clone());
        let xid = tm.begin().unwrap();
        let snap = tm.snapshot(xid, 0);
        let cx = CatalogCx {
            storage: &storage,
            tm: &tm,
            db_oid: POSTGRES_DB,
            snapshot: &snap,
            xid,
            cid: 0,
            interrupts: &intr,
        };
        let oid = c
            .create_table(&cx, PUBLIC_NAMESPACE, "kept", &[col("a", t::INT8)], b'p')
            .unwrap();
        tm.commit(xid).unwrap();
        c.at_commit(xid);
        storage.flush_all().unwrap();
        tm.flush().unwrap();
        oid
    };
    let storage = Storage::open(dir.path(), 64).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let c = Catalog::new(storage.clone(), tm.clone());
    let snap = tm.snapshot(txn::INVALID_XID, 0);
    let cx = CatalogCx {
        storage: &storage,
        tm: &tm,
        db_oid: POSTGRES_DB,
        snapshot: &snap,
        xid: txn::INVALID_XID,
        cid: 0,
        interrupts: &intr,
    };
    let rel = c
        .relation_by_name(&cx, PUBLIC_NAMESPACE, "kept")
        .unwrap()
        .unwrap();
    assert_eq!(rel.oid, oid);
    assert_eq!(rel.columns[0].type_oid, t::INT8);
    assert!(c.next_oid().unwrap() > oid);
    // template1 has its own copy of the catalogs, without the table.
    let cx1 = CatalogCx {
        db_oid: TEMPLATE1_DB,
        ..cx
    };
    assert!(c
        .relation_by_name(&cx1, PUBLIC_NAMESPACE, "kept")
        .unwrap()
        .is_none());
    assert!(c
        .relation_by_name(&cx1, PG_CATALOG_NAMESPACE, "pg_proc")
        .unwrap()
        .is_some());
}

#[test]
fn registry_rows_are_written() {
    let rows = boot_rows(&opts());
    let procs = rows
        .local
        .iter()
        .filter(|(c, _)| *c == schema::PG_PROC)
        .count();
    let opers = rows
        .local
        .iter()
        .filter(|(c, _)| *c == schema::PG_OPERATOR)
        .count();
    let casts = rows
        .local
        .iter()
        .filter(|(c, _)| *c == schema::PG_CAST)
        .count();
    let regs = types::registry::all_procs()
        .iter()
        .map(|p| p.oid)
        .collect::<std::collections::HashSet<_>>()
        .len();
    assert!(procs >= regs);
    eprintln!("pg_proc {procs}, pg_operator {opers}, pg_cast {casts}");
}
