//! Lookup tables over the built-in functions, operators and casts (from `types::registry`)
//! plus the engine-implemented functions (session functions, aggregates, set-returning
//! functions), indexed by name for overload resolution.

use crate::expr::{AggKind, Func, SessFn, SrfFn};
use common::fasthash::FastMap;
use common::Oid;
use std::sync::OnceLock;
use types::oids::*;
use types::{CastDef, OperDef, ProcDef};

/// What a function candidate resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum FuncImpl {
    Proc(Func),
    Session(SessFn),
    Agg(AggKind),
    Srf(SrfFn),
}

/// One overload of a function name.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub args: Vec<Oid>,
    pub ret: Oid,
    /// Element type of a VARIADIC last parameter (0 = none).
    pub variadic: Oid,
    pub imp: FuncImpl,
}

/// One operator overload.
#[derive(Clone, Debug)]
pub struct OperCand {
    pub oid: Oid,
    pub left: Oid,
    pub right: Oid,
    pub result: Oid,
    pub func: Func,
    pub func_args: Vec<Oid>,
}

/// The name-indexed registry.
pub struct Registry {
    pub funcs: FastMap<String, Vec<Candidate>>,
    pub opers: FastMap<String, Vec<OperCand>>,
    pub casts: FastMap<(Oid, Oid), CastDef>,
    pub procs: FastMap<Oid, ProcDef>,
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();

/// The process-wide registry built from `types::registry`.
pub fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| {
        Registry::from_parts(
            types::registry::all_procs(),
            types::registry::all_opers(),
            types::registry::all_casts(),
        )
    })
}

impl Registry {
    pub fn from_parts(procs: Vec<ProcDef>, opers: Vec<OperDef>, casts: Vec<CastDef>) -> Registry {
        let mut r = Registry {
            funcs: FastMap::default(),
            opers: FastMap::default(),
            casts: FastMap::default(),
            procs: FastMap::default(),
        };
        for p in &procs {
            r.procs.insert(p.oid, *p);
        }
        for p in &procs {
            let imp = if p.retset {
                FuncImpl::Srf(SrfFn::Proc(Func::from_proc(p)))
            } else {
                FuncImpl::Proc(Func::from_proc(p))
            };
            r.funcs
                .entry(p.name.to_string())
                .or_default()
                .push(Candidate {
                    args: p.arg_types.to_vec(),
                    ret: p.ret_type,
                    variadic: p.variadic,
                    imp,
                });
        }
        for o in &opers {
            if let Some(p) = r.procs.get(&o.proc_oid) {
                r.opers
                    .entry(o.name.to_string())
                    .or_default()
                    .push(OperCand {
                        oid: o.oid,
                        left: o.left,
                        right: o.right,
                        result: o.result,
                        func: Func::from_proc(p),
                        func_args: p.arg_types.to_vec(),
                    });
            }
        }
        for c in &casts {
            r.casts.insert((c.source, c.target), *c);
        }
        r.add_engine_functions();
        r
    }

    fn add(&mut self, name: &str, args: &[Oid], ret: Oid, imp: FuncImpl) {
        let list = self.funcs.entry(name.to_string()).or_default();
        // Engine functions replace a same-signature built-in placeholder.
        list.retain(|c| c.args != args);
        list.push(Candidate {
            args: args.to_vec(),
            ret,
            variadic: 0,
            imp,
        });
    }

    fn add_engine_functions(&mut self) {
        use FuncImpl::*;
        use SessFn::*;
        let s = |f| Session(f);
        self.add("version", &[], TEXT, s(Version));
        self.add("current_database", &[], NAME, s(CurrentDatabase));
        self.add("current_schema", &[], NAME, s(CurrentSchema));
        self.add("current_schemas", &[BOOL], NAME_ARRAY, s(CurrentSchemas));
        self.add("current_user", &[], NAME, s(CurrentUser));
        self.add("session_user", &[], NAME, s(SessionUser));
        self.add("pg_backend_pid", &[], INT4, s(BackendPid));
        self.add("pg_is_in_recovery", &[], BOOL, s(IsInRecovery));
        self.add("pg_cancel_backend", &[INT4], BOOL, s(CancelBackend));
        self.add("pg_terminate_backend", &[INT4], BOOL, s(TerminateBackend));
        self.add("current_setting", &[TEXT], TEXT, s(CurrentSetting));
        self.add(
            "current_setting",
            &[TEXT, BOOL],
            TEXT,
            s(CurrentSettingMissingOk),
        );
        self.add("set_config", &[TEXT, TEXT, BOOL], TEXT, s(SetConfig));
        self.add("pg_sleep", &[FLOAT8], VOID, s(PgSleep));
        self.add("now", &[], TIMESTAMPTZ, s(Now));
        self.add("transaction_timestamp", &[], TIMESTAMPTZ, s(Now));
        self.add(
            "statement_timestamp",
            &[],
            TIMESTAMPTZ,
            s(StatementTimestamp),
        );
        self.add("clock_timestamp", &[], TIMESTAMPTZ, s(ClockTimestamp));
        self.add("timeofday", &[], TEXT, s(TimeOfDay));
        self.add("pg_typeof", &[ANY], REGTYPE, s(PgTypeof));
        self.add("format_type", &[OID, INT4], TEXT, s(FormatType));
        self.add("txid_current", &[], INT8, s(TxidCurrent));
        self.add("random", &[], FLOAT8, s(Random));
        self.add("setseed", &[FLOAT8], VOID, s(SetSeed));
        self.add("pg_table_is_visible", &[OID], BOOL, s(PgTableIsVisible));
        self.add("obj_description", &[OID, NAME], TEXT, s(ObjDescription));
        self.add("obj_description", &[OID], TEXT, s(ObjDescription));
        self.add("col_description", &[OID, INT4], TEXT, s(ColDescription));
        for t in [REGCLASS, TEXT] {
            self.add("nextval", &[t], INT8, s(Nextval));
            self.add("currval", &[t], INT8, s(Currval));
            self.add("setval", &[t, INT8], INT8, s(Setval));
            self.add("setval", &[t, INT8, BOOL], INT8, s(Setval));
        }
        self.add("lastval", &[], INT8, s(Lastval));
        self.add(
            "pg_get_serial_sequence",
            &[TEXT, TEXT],
            TEXT,
            s(PgGetSerialSequence),
        );
        for (name, args, ret, f) in crate::catalog_fns::entries() {
            self.add(name, &args, ret, s(Catalog(f)));
        }
        for (name, args, ret, f) in crate::advisory_fns::entries() {
            self.add(&name, &args, ret, s(Advisory(f)));
        }

        // Aggregates.
        let a = |k| Agg(k);
        self.add("count", &[ANY], INT8, a(AggKind::Count));
        for (t, r) in [
            (INT2, INT8),
            (INT4, INT8),
            (INT8, NUMERIC),
            (FLOAT4, FLOAT4),
            (FLOAT8, FLOAT8),
            (NUMERIC, NUMERIC),
            (INTERVAL, INTERVAL),
            (MONEY, MONEY),
        ] {
            self.add("sum", &[t], r, a(AggKind::Sum));
        }
        for (t, r) in [
            (INT2, NUMERIC),
            (INT4, NUMERIC),
            (INT8, NUMERIC),
            (FLOAT4, FLOAT8),
            (FLOAT8, FLOAT8),
            (NUMERIC, NUMERIC),
            (INTERVAL, INTERVAL),
        ] {
            self.add("avg", &[t], r, a(AggKind::Avg));
        }
        for t in [
            INT2,
            INT4,
            INT8,
            FLOAT4,
            FLOAT8,
            NUMERIC,
            TEXT,
            BPCHAR,
            DATE,
            TIME,
            TIMETZ,
            TIMESTAMP,
            TIMESTAMPTZ,
            INTERVAL,
            OID,
            MONEY,
            ANYARRAY,
            INET,
            TID,
            ANYENUM,
        ] {
            self.add("min", &[t], t, a(AggKind::Min));
            self.add("max", &[t], t, a(AggKind::Max));
        }
        self.add("bool_and", &[BOOL], BOOL, a(AggKind::BoolAnd));
        self.add("every", &[BOOL], BOOL, a(AggKind::BoolAnd));
        self.add("bool_or", &[BOOL], BOOL, a(AggKind::BoolOr));
        for t in [INT2, INT4, INT8] {
            self.add("bit_and", &[t], t, a(AggKind::BitAnd));
            self.add("bit_or", &[t], t, a(AggKind::BitOr));
        }
        self.add("string_agg", &[TEXT, TEXT], TEXT, a(AggKind::StringAgg));
        self.add("string_agg", &[BYTEA, BYTEA], BYTEA, a(AggKind::StringAgg));
        self.add("array_agg", &[ANYNONARRAY], ANYARRAY, a(AggKind::ArrayAgg));
        for (name, stddev, sample) in [
            ("variance", false, true),
            ("var_samp", false, true),
            ("var_pop", false, false),
            ("stddev", true, true),
            ("stddev_samp", true, true),
            ("stddev_pop", true, false),
        ] {
            let k = AggKind::Variance { stddev, sample };
            for (t, r) in [
                (INT2, NUMERIC),
                (INT4, NUMERIC),
                (INT8, NUMERIC),
                (FLOAT4, FLOAT8),
                (FLOAT8, FLOAT8),
                (NUMERIC, NUMERIC),
            ] {
                self.add(name, &[t], r, a(k));
            }
        }
        {
            use crate::expr::RegrKind as R;
            for (name, k) in [
                ("regr_sxx", R::Sxx),
                ("regr_syy", R::Syy),
                ("regr_sxy", R::Sxy),
                ("regr_avgx", R::AvgX),
                ("regr_avgy", R::AvgY),
                ("regr_r2", R::R2),
                ("regr_slope", R::Slope),
                ("regr_intercept", R::Intercept),
                ("covar_pop", R::CovarPop),
                ("covar_samp", R::CovarSamp),
                ("corr", R::Corr),
            ] {
                self.add(name, &[FLOAT8, FLOAT8], FLOAT8, a(AggKind::Regr(k)));
            }
            self.add(
                "regr_count",
                &[FLOAT8, FLOAT8],
                INT8,
                a(AggKind::Regr(R::Count)),
            );
        }

        // Window functions.
        self.add("row_number", &[], INT8, a(AggKind::RowNumber));
        self.add("rank", &[], INT8, a(AggKind::Rank));
        self.add("dense_rank", &[], INT8, a(AggKind::DenseRank));
        self.add("percent_rank", &[], FLOAT8, a(AggKind::PercentRank));
        self.add("cume_dist", &[], FLOAT8, a(AggKind::CumeDist));
        self.add("ntile", &[INT4], INT4, a(AggKind::Ntile));
        for (name, k) in [("lag", AggKind::Lag), ("lead", AggKind::Lead)] {
            self.add(name, &[ANYELEMENT], ANYELEMENT, a(k));
            self.add(name, &[ANYELEMENT, INT4], ANYELEMENT, a(k));
            self.add(name, &[ANYELEMENT, INT4, ANYELEMENT], ANYELEMENT, a(k));
        }
        self.add(
            "first_value",
            &[ANYELEMENT],
            ANYELEMENT,
            a(AggKind::FirstValue),
        );
        self.add(
            "last_value",
            &[ANYELEMENT],
            ANYELEMENT,
            a(AggKind::LastValue),
        );
        self.add(
            "nth_value",
            &[ANYELEMENT, INT4],
            ANYELEMENT,
            a(AggKind::NthValue),
        );

        // Set-returning functions.
        let g = || Srf(SrfFn::GenerateSeries);
        self.add("generate_series", &[INT4, INT4], INT4, g());
        self.add("generate_series", &[INT4, INT4, INT4], INT4, g());
        self.add("generate_series", &[INT8, INT8], INT8, g());
        self.add("generate_series", &[INT8, INT8, INT8], INT8, g());
        self.add("generate_series", &[NUMERIC, NUMERIC], NUMERIC, g());
        self.add(
            "generate_series",
            &[NUMERIC, NUMERIC, NUMERIC],
            NUMERIC,
            g(),
        );
        self.add(
            "generate_series",
            &[TIMESTAMP, TIMESTAMP, INTERVAL],
            TIMESTAMP,
            g(),
        );
        self.add(
            "generate_series",
            &[TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL],
            TIMESTAMPTZ,
            g(),
        );
        self.add("unnest", &[ANYARRAY], ANYELEMENT, Srf(SrfFn::Unnest));
        self.add(
            "generate_subscripts",
            &[ANYARRAY, INT4],
            INT4,
            Srf(SrfFn::GenerateSubscripts),
        );
    }

    /// A built-in function by OID.
    pub fn proc_by_oid(&self, oid: Oid) -> Option<&ProcDef> {
        self.procs.get(&oid)
    }

    /// A built-in function by name and exact argument types.
    pub fn proc_by_sig(&self, name: &str, args: &[Oid]) -> Option<Func> {
        self.funcs.get(name).and_then(|l| {
            l.iter().find_map(|c| match &c.imp {
                FuncImpl::Proc(f) if c.args == args => Some(*f),
                _ => None,
            })
        })
    }

    /// The operator `name` with exactly these operand types.
    pub fn oper_exact(&self, name: &str, left: Oid, right: Oid) -> Option<&OperCand> {
        self.opers
            .get(name)
            .and_then(|l| l.iter().find(|o| o.left == left && o.right == right))
    }

    pub fn cast(&self, source: Oid, target: Oid) -> Option<&CastDef> {
        self.casts.get(&(source, target))
    }
}
