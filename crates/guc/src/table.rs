//! The static table of PostgreSQL 10 configuration parameters: name, type, boot value, unit,
//! limits, context, section/category, description and flags. Sample-file order is table order.

/// When a parameter may be changed (PostgreSQL's GucContext), least to most permissive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    Internal,
    Postmaster,
    Sighup,
    SuperuserBackend,
    Backend,
    Superuser,
    User,
}

impl Context {
    /// The name pg_settings.context shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Internal => "internal",
            Context::Postmaster => "postmaster",
            Context::Sighup => "sighup",
            Context::SuperuserBackend => "superuser-backend",
            Context::Backend => "backend",
            Context::Superuser => "superuser",
            Context::User => "user",
        }
    }
}

/// Unit of an integer parameter's stored value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    None,
    Kb,
    Mb,
    /// 8kB blocks (BLCKSZ).
    Blocks,
    /// 8kB WAL blocks (XLOG_BLCKSZ).
    XBlocks,
    Ms,
    S,
    Min,
}

impl Unit {
    /// The name pg_settings.unit shows.
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            Unit::None => None,
            Unit::Kb => Some("kB"),
            Unit::Mb => Some("MB"),
            Unit::Blocks | Unit::XBlocks => Some("8kB"),
            Unit::Ms => Some("ms"),
            Unit::S => Some("s"),
            Unit::Min => Some("min"),
        }
    }
    pub fn is_memory(self) -> bool {
        matches!(self, Unit::Kb | Unit::Mb | Unit::Blocks | Unit::XBlocks)
    }
    pub fn is_time(self) -> bool {
        matches!(self, Unit::Ms | Unit::S | Unit::Min)
    }
    /// Size of one unit in kB (memory) or ms (time).
    pub fn base_factor(self) -> i64 {
        match self {
            Unit::None | Unit::Kb | Unit::Ms => 1,
            Unit::Mb => 1024,
            Unit::Blocks | Unit::XBlocks => 8,
            Unit::S => 1000,
            Unit::Min => 60_000,
        }
    }
}

/// Type, boot value and limits.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Bool(bool),
    Int {
        boot: i64,
        min: i64,
        max: i64,
        unit: Unit,
    },
    Real {
        boot: f64,
        min: f64,
        max: f64,
    },
    Str(&'static str),
    /// Boot value and the accepted values; values after `visible` are accepted but hidden
    /// (aliases), each alias given as "alias=canonical".
    Enum {
        boot: &'static str,
        values: &'static [&'static str],
        hidden: &'static [(&'static str, &'static str)],
    },
}

impl Kind {
    /// pg_settings.vartype.
    pub fn vartype(&self) -> &'static str {
        match self {
            Kind::Bool(_) => "bool",
            Kind::Int { .. } => "integer",
            Kind::Real { .. } => "real",
            Kind::Str(_) => "string",
            Kind::Enum { .. } => "enum",
        }
    }
}

/// Reported to the client with ParameterStatus when it changes.
pub const REPORT: u16 = 1;
/// Not listed in postgresql.conf.sample.
pub const NOT_IN_SAMPLE: u16 = 2;
/// Hidden from SHOW ALL.
pub const NO_SHOW_ALL: u16 = 4;
/// Not touched by RESET ALL.
pub const NO_RESET_ALL: u16 = 8;
/// Cannot be set in a configuration file.
pub const DISALLOW_IN_FILE: u16 = 16;
/// Shown in octal (file modes).
pub const OCTAL: u16 = 32;
/// A list value (search_path...): SET x = a, b joins with ", ".
pub const LIST: u16 = 64;

/// One parameter definition.
#[derive(Debug)]
pub struct ParamDef {
    pub name: &'static str,
    pub context: Context,
    pub section: Section,
    pub kind: Kind,
    pub desc: &'static str,
    pub flags: u16,
}

impl ParamDef {
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// A section of postgresql.conf.sample, which is also the pg_settings category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    FileLocations,
    ConnSettings,
    ConnAuth,
    TcpKeepalives,
    ResMem,
    ResDisk,
    ResKernel,
    ResVacuumDelay,
    ResBgwriter,
    ResAsync,
    WalSettings,
    WalCheckpoints,
    WalArchiving,
    ReplSending,
    ReplMaster,
    ReplStandby,
    ReplSubscribers,
    QueryMethod,
    QueryCost,
    QueryGeqo,
    QueryOther,
    LogWhere,
    LogWhen,
    LogWhat,
    ProcessTitle,
    StatsCollector,
    StatsMonitoring,
    Autovacuum,
    ClientStatement,
    ClientLocale,
    ClientPreload,
    ClientOther,
    LockManagement,
    CompatPrevious,
    CompatOther,
    ErrorHandling,
    Preset,
    Developer,
}

impl Section {
    /// pg_settings.category.
    pub fn category(self) -> &'static str {
        use Section::*;
        match self {
            FileLocations => "File Locations",
            ConnSettings => "Connections and Authentication / Connection Settings",
            ConnAuth => "Connections and Authentication / Security and Authentication",
            TcpKeepalives => "Client Connection Defaults / Other Defaults",
            ResMem => "Resource Usage / Memory",
            ResDisk => "Resource Usage / Disk",
            ResKernel => "Resource Usage / Kernel Resources",
            ResVacuumDelay => "Resource Usage / Cost-Based Vacuum Delay",
            ResBgwriter => "Resource Usage / Background Writer",
            ResAsync => "Resource Usage / Asynchronous Behavior",
            WalSettings => "Write-Ahead Log / Settings",
            WalCheckpoints => "Write-Ahead Log / Checkpoints",
            WalArchiving => "Write-Ahead Log / Archiving",
            ReplSending => "Replication / Sending Servers",
            ReplMaster => "Replication / Master Server",
            ReplStandby => "Replication / Standby Servers",
            ReplSubscribers => "Replication / Subscribers",
            QueryMethod => "Query Tuning / Planner Method Configuration",
            QueryCost => "Query Tuning / Planner Cost Constants",
            QueryGeqo => "Query Tuning / Genetic Query Optimizer",
            QueryOther => "Query Tuning / Other Planner Options",
            LogWhere => "Reporting and Logging / Where to Log",
            LogWhen => "Reporting and Logging / When to Log",
            LogWhat => "Reporting and Logging / What to Log",
            ProcessTitle => "Process Title",
            StatsCollector => "Statistics / Query and Index Statistics Collector",
            StatsMonitoring => "Statistics / Monitoring",
            Autovacuum => "Autovacuum",
            ClientStatement => "Client Connection Defaults / Statement Behavior",
            ClientLocale => "Client Connection Defaults / Locale and Formatting",
            ClientPreload => "Client Connection Defaults / Shared Library Preloading",
            ClientOther => "Client Connection Defaults / Other Defaults",
            LockManagement => "Lock Management",
            CompatPrevious => "Version and Platform Compatibility / Previous PostgreSQL Versions",
            CompatOther => "Version and Platform Compatibility / Other Platforms and Clients",
            ErrorHandling => "Error Handling",
            Preset => "Preset Options",
            Developer => "Developer Options",
        }
    }
}

use Context::*;
use Section::*;

const fn b(
    name: &'static str,
    context: Context,
    section: Section,
    boot: bool,
    desc: &'static str,
    flags: u16,
) -> ParamDef {
    ParamDef {
        name,
        context,
        section,
        kind: Kind::Bool(boot),
        desc,
        flags,
    }
}

#[allow(clippy::too_many_arguments)]
const fn i(
    name: &'static str,
    context: Context,
    section: Section,
    boot: i64,
    min: i64,
    max: i64,
    unit: Unit,
    desc: &'static str,
    flags: u16,
) -> ParamDef {
    ParamDef {
        name,
        context,
        section,
        kind: Kind::Int {
            boot,
            min,
            max,
            unit,
        },
        desc,
        flags,
    }
}

#[allow(clippy::too_many_arguments)]
const fn r(
    name: &'static str,
    context: Context,
    section: Section,
    boot: f64,
    min: f64,
    max: f64,
    desc: &'static str,
    flags: u16,
) -> ParamDef {
    ParamDef {
        name,
        context,
        section,
        kind: Kind::Real { boot, min, max },
        desc,
        flags,
    }
}

const fn s(
    name: &'static str,
    context: Context,
    section: Section,
    boot: &'static str,
    desc: &'static str,
    flags: u16,
) -> ParamDef {
    ParamDef {
        name,
        context,
        section,
        kind: Kind::Str(boot),
        desc,
        flags,
    }
}

#[allow(clippy::too_many_arguments)]
const fn e(
    name: &'static str,
    context: Context,
    section: Section,
    boot: &'static str,
    values: &'static [&'static str],
    hidden: &'static [(&'static str, &'static str)],
    desc: &'static str,
    flags: u16,
) -> ParamDef {
    ParamDef {
        name,
        context,
        section,
        kind: Kind::Enum {
            boot,
            values,
            hidden,
        },
        desc,
        flags,
    }
}

const IMAX: i64 = i32::MAX as i64;
const NIS: u16 = NOT_IN_SAMPLE;
const RO: u16 = NOT_IN_SAMPLE | DISALLOW_IN_FILE;
const BOOL_ALIASES: &[(&str, &str)] = &[
    ("true", "on"),
    ("false", "off"),
    ("yes", "on"),
    ("no", "off"),
    ("1", "on"),
    ("0", "off"),
];
const MSG_LEVELS_CLIENT: &[&str] = &[
    "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error",
];
const MSG_LEVELS_SERVER: &[&str] = &[
    "debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log",
    "fatal", "panic",
];
const LEVEL_ALIASES: &[(&str, &str)] = &[("debug", "debug2"), ("info", "info")];
const ISOLATION: &[&str] = &[
    "serializable",
    "repeatable read",
    "read committed",
    "read uncommitted",
];

/// Every parameter, in postgresql.conf.sample order (parameters not in the sample anywhere).
pub static PARAMS: &[ParamDef] = &[
    // FILE LOCATIONS
    s("data_directory", Postmaster, FileLocations, "", "Sets the server's data directory.", 0),
    s("hba_file", Postmaster, FileLocations, "", "Sets the server's \"hba\" configuration file.", 0),
    s("ident_file", Postmaster, FileLocations, "", "Sets the server's \"ident\" configuration file.", 0),
    s("external_pid_file", Postmaster, FileLocations, "", "Writes the postmaster PID to the specified file.", 0),
    s("config_file", Postmaster, FileLocations, "", "Sets the server's main configuration file.", RO),
    // CONNECTIONS AND AUTHENTICATION
    s("listen_addresses", Postmaster, ConnSettings, "localhost", "Sets the host name or IP address(es) to listen to.", LIST),
    i("port", Postmaster, ConnSettings, 5432, 1, 65535, Unit::None, "Sets the TCP port the server listens on.", 0),
    i("max_connections", Postmaster, ConnSettings, 100, 1, 262143, Unit::None, "Sets the maximum number of concurrent connections.", 0),
    i("superuser_reserved_connections", Postmaster, ConnSettings, 3, 0, 262143, Unit::None, "Sets the number of connection slots reserved for superusers.", 0),
    s("unix_socket_directories", Postmaster, ConnSettings, "/var/run/postgresql", "Sets the directories where Unix-domain sockets will be created.", LIST),
    s("unix_socket_group", Postmaster, ConnSettings, "", "Sets the owning group of the Unix-domain socket.", 0),
    i("unix_socket_permissions", Postmaster, ConnSettings, 0o777, 0, 0o777, Unit::None, "Sets the access permissions of the Unix-domain socket.", OCTAL),
    b("bonjour", Postmaster, ConnSettings, false, "Enables advertising the server via Bonjour.", 0),
    s("bonjour_name", Postmaster, ConnSettings, "", "Sets the Bonjour service name.", 0),
    i("authentication_timeout", Sighup, ConnAuth, 60, 1, 600, Unit::S, "Sets the maximum allowed time to complete client authentication.", 0),
    b("ssl", Sighup, ConnAuth, false, "Enables SSL connections.", 0),
    s("ssl_ciphers", Sighup, ConnAuth, "HIGH:MEDIUM:+3DES:!aNULL", "Sets the list of allowed SSL ciphers.", 0),
    b("ssl_prefer_server_ciphers", Sighup, ConnAuth, true, "Give priority to server ciphersuite order.", 0),
    s("ssl_ecdh_curve", Sighup, ConnAuth, "prime256v1", "Sets the curve to use for ECDH.", 0),
    s("ssl_dh_params_file", Sighup, ConnAuth, "", "Location of the SSL DH parameters file.", 0),
    s("ssl_cert_file", Sighup, ConnAuth, "server.crt", "Location of the SSL server certificate file.", 0),
    s("ssl_key_file", Sighup, ConnAuth, "server.key", "Location of the SSL server private key file.", 0),
    s("ssl_ca_file", Sighup, ConnAuth, "", "Location of the SSL certificate authority file.", 0),
    s("ssl_crl_file", Sighup, ConnAuth, "", "Location of the SSL certificate revocation list file.", 0),
    e("password_encryption", User, ConnAuth, "md5", &["md5", "scram-sha-256"], &[("on", "md5"), ("true", "md5"), ("yes", "md5"), ("1", "md5")], "Encrypt passwords.", 0),
    b("db_user_namespace", Sighup, ConnAuth, false, "Enables per-database user names.", 0),
    b("row_security", User, ConnAuth, true, "Enable row security.", 0),
    s("krb_server_keyfile", Sighup, ConnAuth, "FILE:/etc/sysconfig/pgsql/krb5.keytab", "Sets the location of the Kerberos server key file.", 0),
    b("krb_caseins_users", Sighup, ConnAuth, false, "Sets whether Kerberos and GSSAPI user names should be treated as case-insensitive.", 0),
    i("tcp_keepalives_idle", User, TcpKeepalives, 0, 0, IMAX, Unit::S, "Time between issuing TCP keepalives.", 0),
    i("tcp_keepalives_interval", User, TcpKeepalives, 0, 0, IMAX, Unit::S, "Time between TCP keepalive retransmits.", 0),
    i("tcp_keepalives_count", User, TcpKeepalives, 0, 0, IMAX, Unit::None, "Maximum number of TCP keepalive retransmits.", 0),
    // RESOURCE USAGE
    i("shared_buffers", Postmaster, ResMem, 16384, 16, 1073741823, Unit::Blocks, "Sets the number of shared memory buffers used by the server.", 0),
    e("huge_pages", Postmaster, ResMem, "try", &["off", "on", "try"], BOOL_ALIASES, "Use of huge pages on Linux.", 0),
    i("temp_buffers", User, ResMem, 1024, 100, 1073741823, Unit::Blocks, "Sets the maximum number of temporary buffers used by each session.", 0),
    i("max_prepared_transactions", Postmaster, ResMem, 0, 0, 262143, Unit::None, "Sets the maximum number of simultaneously prepared transactions.", 0),
    i("work_mem", User, ResMem, 4096, 64, 2147483647, Unit::Kb, "Sets the maximum memory to be used for query workspaces.", 0),
    i("maintenance_work_mem", User, ResMem, 65536, 1024, 2147483647, Unit::Kb, "Sets the maximum memory to be used for maintenance operations.", 0),
    i("replacement_sort_tuples", User, ResMem, 150000, 0, IMAX, Unit::None, "Sets the maximum number of tuples to be sorted using replacement selection.", 0),
    i("autovacuum_work_mem", Sighup, ResMem, -1, -1, 2147483647, Unit::Kb, "Sets the maximum memory to be used by each autovacuum worker process.", 0),
    i("max_stack_depth", Superuser, ResMem, 2048, 100, IMAX, Unit::Kb, "Sets the maximum stack depth, in kilobytes.", 0),
    e("dynamic_shared_memory_type", Postmaster, ResMem, "posix", &["posix", "sysv", "mmap", "none"], &[], "Selects the dynamic shared memory implementation used.", 0),
    i("temp_file_limit", Superuser, ResDisk, -1, -1, IMAX, Unit::Kb, "Limits the total size of all temporary files used by each process.", 0),
    i("max_files_per_process", Postmaster, ResKernel, 1000, 25, IMAX, Unit::None, "Sets the maximum number of simultaneously open files for each server process.", 0),
    s("shared_preload_libraries", Postmaster, ClientPreload, "", "Lists shared libraries to preload into server.", LIST),
    i("vacuum_cost_delay", User, ResVacuumDelay, 0, 0, 100, Unit::Ms, "Vacuum cost delay in milliseconds.", 0),
    i("vacuum_cost_page_hit", User, ResVacuumDelay, 1, 0, 10000, Unit::None, "Vacuum cost for a page found in the buffer cache.", 0),
    i("vacuum_cost_page_miss", User, ResVacuumDelay, 10, 0, 10000, Unit::None, "Vacuum cost for a page not found in the buffer cache.", 0),
    i("vacuum_cost_page_dirty", User, ResVacuumDelay, 20, 0, 10000, Unit::None, "Vacuum cost for a page dirtied by vacuum.", 0),
    i("vacuum_cost_limit", User, ResVacuumDelay, 200, 1, 10000, Unit::None, "Vacuum cost amount available before napping.", 0),
    i("bgwriter_delay", Sighup, ResBgwriter, 200, 10, 10000, Unit::Ms, "Background writer sleep time between rounds.", 0),
    i("bgwriter_lru_maxpages", Sighup, ResBgwriter, 100, 0, 1000, Unit::None, "Background writer maximum number of LRU pages to flush per round.", 0),
    r("bgwriter_lru_multiplier", Sighup, ResBgwriter, 2.0, 0.0, 10.0, "Multiple of the average buffer usage to free per round.", 0),
    i("bgwriter_flush_after", Sighup, ResBgwriter, 64, 0, 256, Unit::Blocks, "Number of pages after which previously performed writes are flushed to disk.", 0),
    i("effective_io_concurrency", User, ResAsync, 1, 0, 1000, Unit::None, "Number of simultaneous requests that can be handled efficiently by the disk subsystem.", 0),
    i("max_worker_processes", Postmaster, ResAsync, 8, 0, 262143, Unit::None, "Maximum number of concurrent worker processes.", 0),
    i("max_parallel_workers_per_gather", User, ResAsync, 2, 0, 1024, Unit::None, "Sets the maximum number of parallel processes per executor node.", 0),
    i("max_parallel_workers", User, ResAsync, 8, 0, 1024, Unit::None, "Sets the maximum number of parallel workers that can be active at one time.", 0),
    i("old_snapshot_threshold", Postmaster, ResAsync, -1, -1, 86400, Unit::Min, "Time before a snapshot is too old to read pages changed after the snapshot was taken.", 0),
    i("backend_flush_after", User, ResAsync, 0, 0, 256, Unit::Blocks, "Number of pages after which previously performed writes are flushed to disk.", 0),
    // WRITE AHEAD LOG
    e("wal_level", Postmaster, WalSettings, "replica", &["minimal", "replica", "logical"], &[("archive", "replica"), ("hot_standby", "replica")], "Set the level of information written to the WAL.", 0),
    b("fsync", Sighup, WalSettings, true, "Forces synchronization of updates to disk.", 0),
    e("synchronous_commit", User, WalSettings, "on", &["local", "remote_write", "remote_apply", "on", "off"], BOOL_ALIASES, "Sets the current transaction's synchronization level.", 0),
    e("wal_sync_method", Sighup, WalSettings, "fdatasync", &["fsync", "fdatasync", "open_sync", "open_datasync"], &[], "Selects the method used for forcing WAL updates to disk.", 0),
    b("full_page_writes", Sighup, WalSettings, true, "Writes full pages to WAL when first modified after a checkpoint.", 0),
    b("wal_compression", Superuser, WalSettings, false, "Compresses full-page writes written in WAL file.", 0),
    b("wal_log_hints", Postmaster, WalSettings, false, "Writes full pages to WAL when first modified after a checkpoint, even for a non-critical modifications.", 0),
    i("wal_buffers", Postmaster, WalSettings, -1, -1, 262143, Unit::XBlocks, "Sets the number of disk-page buffers in shared memory for WAL.", 0),
    i("wal_writer_delay", Sighup, WalSettings, 200, 1, 10000, Unit::Ms, "Time between WAL flushes performed in the WAL writer.", 0),
    i("wal_writer_flush_after", Sighup, WalSettings, 128, 0, IMAX, Unit::XBlocks, "Amount of WAL written out by WAL writer that triggers a flush.", 0),
    i("commit_delay", Superuser, WalSettings, 0, 0, 100000, Unit::None, "Sets the delay in microseconds between transaction commit and flushing WAL to disk.", 0),
    i("commit_siblings", User, WalSettings, 5, 0, 1000, Unit::None, "Sets the minimum concurrent open transactions before performing commit_delay.", 0),
    i("checkpoint_timeout", Sighup, WalCheckpoints, 300, 30, 86400, Unit::S, "Sets the maximum time between automatic WAL checkpoints.", 0),
    i("max_wal_size", Sighup, WalCheckpoints, 1024, 2, IMAX, Unit::Mb, "Sets the WAL size that triggers a checkpoint.", 0),
    i("min_wal_size", Sighup, WalCheckpoints, 80, 2, IMAX, Unit::Mb, "Sets the minimum size to shrink the WAL to.", 0),
    r("checkpoint_completion_target", Sighup, WalCheckpoints, 0.5, 0.0, 1.0, "Time spent flushing dirty buffers during checkpoint, as fraction of checkpoint interval.", 0),
    i("checkpoint_flush_after", Sighup, WalCheckpoints, 32, 0, 256, Unit::Blocks, "Number of pages after which previously performed writes are flushed to disk.", 0),
    i("checkpoint_warning", Sighup, WalCheckpoints, 30, 0, IMAX, Unit::S, "Enables warnings if checkpoint segments are filled more frequently than this.", 0),
    e("archive_mode", Postmaster, WalArchiving, "off", &["always", "on", "off"], BOOL_ALIASES, "Allows archiving of WAL files using archive_command.", 0),
    s("archive_command", Sighup, WalArchiving, "", "Sets the shell command that will be called to archive a WAL file.", 0),
    i("archive_timeout", Sighup, WalArchiving, 0, 0, 1073741823, Unit::S, "Forces a switch to the next WAL file if a new file has not been started within N seconds.", 0),
    // REPLICATION
    i("max_wal_senders", Postmaster, ReplSending, 10, 0, 262143, Unit::None, "Sets the maximum number of simultaneously running WAL sender processes.", 0),
    i("wal_keep_segments", Sighup, ReplSending, 0, 0, IMAX, Unit::None, "Sets the number of WAL files held for standby servers.", 0),
    i("wal_sender_timeout", Sighup, ReplSending, 60000, 0, IMAX, Unit::Ms, "Sets the maximum time to wait for WAL replication.", 0),
    i("max_replication_slots", Postmaster, ReplSending, 10, 0, 262143, Unit::None, "Sets the maximum number of simultaneously defined replication slots.", 0),
    b("track_commit_timestamp", Postmaster, ReplSending, false, "Collects transaction commit time.", 0),
    s("synchronous_standby_names", Sighup, ReplMaster, "", "Number of synchronous standbys and list of names of potential synchronous ones.", LIST),
    i("vacuum_defer_cleanup_age", Sighup, ReplMaster, 0, 0, 1000000, Unit::None, "Number of transactions by which VACUUM and HOT cleanup should be deferred, if any.", 0),
    b("hot_standby", Postmaster, ReplStandby, true, "Allows connections and queries during recovery.", 0),
    i("max_standby_archive_delay", Sighup, ReplStandby, 30000, -1, IMAX, Unit::Ms, "Sets the maximum delay before canceling queries when a hot standby server is processing archived WAL data.", 0),
    i("max_standby_streaming_delay", Sighup, ReplStandby, 30000, -1, IMAX, Unit::Ms, "Sets the maximum delay before canceling queries when a hot standby server is processing streamed WAL data.", 0),
    i("wal_receiver_status_interval", Sighup, ReplStandby, 10, 0, IMAX / 1000, Unit::S, "Sets the maximum interval between WAL receiver status reports to the primary.", 0),
    b("hot_standby_feedback", Sighup, ReplStandby, false, "Allows feedback from a hot standby to the primary that will avoid query conflicts.", 0),
    i("wal_receiver_timeout", Sighup, ReplStandby, 60000, 0, IMAX, Unit::Ms, "Sets the maximum wait time to receive data from the primary.", 0),
    i("wal_retrieve_retry_interval", Sighup, ReplStandby, 5000, 1, IMAX, Unit::Ms, "Sets the time to wait before retrying to retrieve WAL after a failed attempt.", 0),
    i("max_logical_replication_workers", Postmaster, ReplSubscribers, 4, 0, 262143, Unit::None, "Maximum number of logical replication worker processes.", 0),
    i("max_sync_workers_per_subscription", Sighup, ReplSubscribers, 2, 0, 262143, Unit::None, "Maximum number of table synchronization workers per subscription.", 0),
    // QUERY TUNING
    b("enable_bitmapscan", User, QueryMethod, true, "Enables the planner's use of bitmap-scan plans.", 0),
    b("enable_hashagg", User, QueryMethod, true, "Enables the planner's use of hashed aggregation plans.", 0),
    b("enable_hashjoin", User, QueryMethod, true, "Enables the planner's use of hash join plans.", 0),
    b("enable_indexscan", User, QueryMethod, true, "Enables the planner's use of index-scan plans.", 0),
    b("enable_indexonlyscan", User, QueryMethod, true, "Enables the planner's use of index-only-scan plans.", 0),
    b("enable_material", User, QueryMethod, true, "Enables the planner's use of materialization.", 0),
    b("enable_mergejoin", User, QueryMethod, true, "Enables the planner's use of merge join plans.", 0),
    b("enable_nestloop", User, QueryMethod, true, "Enables the planner's use of nested-loop join plans.", 0),
    b("enable_seqscan", User, QueryMethod, true, "Enables the planner's use of sequential-scan plans.", 0),
    b("enable_sort", User, QueryMethod, true, "Enables the planner's use of explicit sort steps.", 0),
    b("enable_tidscan", User, QueryMethod, true, "Enables the planner's use of TID scan plans.", 0),
    b("enable_gathermerge", User, QueryMethod, true, "Enables the planner's use of gather merge plans.", NIS),
    r("seq_page_cost", User, QueryCost, 1.0, 0.0, f64::MAX, "Sets the planner's estimate of the cost of a sequentially fetched disk page.", 0),
    r("random_page_cost", User, QueryCost, 4.0, 0.0, f64::MAX, "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.", 0),
    r("cpu_tuple_cost", User, QueryCost, 0.01, 0.0, f64::MAX, "Sets the planner's estimate of the cost of processing each tuple (row).", 0),
    r("cpu_index_tuple_cost", User, QueryCost, 0.005, 0.0, f64::MAX, "Sets the planner's estimate of the cost of processing each index entry during an index scan.", 0),
    r("cpu_operator_cost", User, QueryCost, 0.0025, 0.0, f64::MAX, "Sets the planner's estimate of the cost of processing each operator or function call.", 0),
    r("parallel_tuple_cost", User, QueryCost, 0.1, 0.0, f64::MAX, "Sets the planner's estimate of the cost of passing each tuple (row) from worker to master backend.", 0),
    r("parallel_setup_cost", User, QueryCost, 1000.0, 0.0, f64::MAX, "Sets the planner's estimate of the cost of starting up worker processes for parallel query.", 0),
    i("min_parallel_table_scan_size", User, QueryCost, 1024, 0, IMAX / 3, Unit::Blocks, "Sets the minimum amount of table data for a parallel scan.", 0),
    i("min_parallel_index_scan_size", User, QueryCost, 64, 0, IMAX / 3, Unit::Blocks, "Sets the minimum amount of index data for a parallel scan.", 0),
    i("effective_cache_size", User, QueryCost, 524288, 1, IMAX, Unit::Blocks, "Sets the planner's assumption about the size of the disk cache.", 0),
    b("geqo", User, QueryGeqo, true, "Enables genetic query optimization.", 0),
    i("geqo_threshold", User, QueryGeqo, 12, 2, IMAX, Unit::None, "Sets the threshold of FROM items beyond which GEQO is used.", 0),
    i("geqo_effort", User, QueryGeqo, 5, 1, 10, Unit::None, "GEQO: effort is used to set the default for other GEQO parameters.", 0),
    i("geqo_pool_size", User, QueryGeqo, 0, 0, IMAX, Unit::None, "GEQO: number of individuals in the population.", 0),
    i("geqo_generations", User, QueryGeqo, 0, 0, IMAX, Unit::None, "GEQO: number of iterations of the algorithm.", 0),
    r("geqo_selection_bias", User, QueryGeqo, 2.0, 1.5, 2.0, "GEQO: selective pressure within the population.", 0),
    r("geqo_seed", User, QueryGeqo, 0.0, 0.0, 1.0, "GEQO: seed for random path selection.", 0),
    i("default_statistics_target", User, QueryOther, 100, 1, 10000, Unit::None, "Sets the default statistics target.", 0),
    e("constraint_exclusion", User, QueryOther, "partition", &["partition", "on", "off"], BOOL_ALIASES, "Enables the planner to use constraints to optimize queries.", 0),
    r("cursor_tuple_fraction", User, QueryOther, 0.1, 0.0, 1.0, "Sets the planner's estimate of the fraction of a cursor's rows that will be retrieved.", 0),
    i("from_collapse_limit", User, QueryOther, 8, 1, IMAX, Unit::None, "Sets the FROM-list size beyond which subqueries are not collapsed.", 0),
    i("join_collapse_limit", User, QueryOther, 8, 1, IMAX, Unit::None, "Sets the FROM-list size beyond which JOIN constructs are not flattened.", 0),
    e("force_parallel_mode", User, QueryOther, "off", &["off", "on", "regress"], BOOL_ALIASES, "Forces use of parallel query facilities.", 0),
    // ERROR REPORTING AND LOGGING
    s("log_destination", Sighup, LogWhere, "stderr", "Sets the destination for server log output.", LIST),
    b("logging_collector", Postmaster, LogWhere, false, "Start a subprocess to capture stderr output and/or csvlogs into log files.", 0),
    s("log_directory", Sighup, LogWhere, "log", "Sets the destination directory for log files.", 0),
    s("log_filename", Sighup, LogWhere, "postgresql-%Y-%m-%d_%H%M%S.log", "Sets the file name pattern for log files.", 0),
    i("log_file_mode", Sighup, LogWhere, 0o600, 0, 0o777, Unit::None, "Sets the file permissions for log files.", OCTAL),
    b("log_truncate_on_rotation", Sighup, LogWhere, false, "Truncate existing log files of same name during log rotation.", 0),
    i("log_rotation_age", Sighup, LogWhere, 1440, 0, IMAX / 60, Unit::Min, "Automatic log file rotation will occur after N minutes.", 0),
    i("log_rotation_size", Sighup, LogWhere, 10240, 0, IMAX / 1024, Unit::Kb, "Automatic log file rotation will occur after N kilobytes.", 0),
    e("syslog_facility", Sighup, LogWhere, "local0", &["local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"], &[], "Sets the syslog \"facility\" to be used when syslog enabled.", 0),
    s("syslog_ident", Sighup, LogWhere, "postgres", "Sets the program name used to identify PostgreSQL messages in syslog.", 0),
    b("syslog_sequence_numbers", Sighup, LogWhere, true, "Add sequence number to syslog messages to avoid duplicate suppression.", 0),
    b("syslog_split_messages", Sighup, LogWhere, true, "Split messages sent to syslog by lines and to fit into 1024 bytes.", 0),
    s("event_source", Postmaster, LogWhere, "PostgreSQL", "Sets the application name used to identify PostgreSQL messages in the event log.", 0),
    e("client_min_messages", User, LogWhen, "notice", MSG_LEVELS_CLIENT, LEVEL_ALIASES, "Sets the message levels that are sent to the client.", 0),
    e("log_min_messages", Superuser, LogWhen, "warning", MSG_LEVELS_SERVER, LEVEL_ALIASES, "Sets the message levels that are logged.", 0),
    e("log_min_error_statement", Superuser, LogWhen, "error", MSG_LEVELS_SERVER, LEVEL_ALIASES, "Causes all statements generating error at or above this level to be logged.", 0),
    i("log_min_duration_statement", Superuser, LogWhen, -1, -1, IMAX, Unit::Ms, "Sets the minimum execution time above which statements will be logged.", 0),
    b("debug_print_parse", Superuser, LogWhat, false, "Logs each query's parse tree.", 0),
    b("debug_print_rewritten", Superuser, LogWhat, false, "Logs each query's rewritten parse tree.", 0),
    b("debug_print_plan", Superuser, LogWhat, false, "Logs each query's execution plan.", 0),
    b("debug_pretty_print", User, LogWhat, true, "Indents parse and plan tree displays.", 0),
    b("log_checkpoints", Sighup, LogWhat, false, "Logs each checkpoint.", 0),
    b("log_connections", SuperuserBackend, LogWhat, false, "Logs each successful connection.", 0),
    b("log_disconnections", SuperuserBackend, LogWhat, false, "Logs end of a session, including duration.", 0),
    b("log_duration", Superuser, LogWhat, false, "Logs the duration of each completed SQL statement.", 0),
    e("log_error_verbosity", Superuser, LogWhat, "default", &["terse", "default", "verbose"], &[], "Sets the verbosity of logged messages.", 0),
    b("log_hostname", Sighup, LogWhat, false, "Logs the host name in the connection logs.", 0),
    s("log_line_prefix", Sighup, LogWhat, "%m [%p] ", "Controls information prefixed to each log line.", 0),
    b("log_lock_waits", Superuser, LogWhat, false, "Logs long lock waits.", 0),
    e("log_statement", Superuser, LogWhat, "none", &["none", "ddl", "mod", "all"], &[], "Sets the type of statements logged.", 0),
    b("log_replication_commands", Superuser, LogWhat, false, "Logs each replication command.", 0),
    i("log_temp_files", Superuser, LogWhat, -1, -1, IMAX, Unit::Kb, "Log the use of temporary files larger than this number of kilobytes.", 0),
    s("log_timezone", Sighup, LogWhat, "UTC", "Sets the time zone to use in log messages.", 0),
    s("application_name", User, LogWhat, "", "Sets the application name to be reported in statistics and logs.", REPORT | NIS),
    // PROCESS TITLE
    s("cluster_name", Postmaster, ProcessTitle, "", "Sets the name of the cluster, which is included in the process title.", 0),
    b("update_process_title", Superuser, ProcessTitle, true, "Updates the process title to show the active SQL command.", 0),
    // RUNTIME STATISTICS
    b("track_activities", Superuser, StatsCollector, true, "Collects information about executing commands.", 0),
    b("track_counts", Superuser, StatsCollector, true, "Collects statistics on database activity.", 0),
    b("track_io_timing", Superuser, StatsCollector, false, "Collects timing statistics for database I/O activity.", 0),
    e("track_functions", Superuser, StatsCollector, "none", &["none", "pl", "all"], &[], "Collects function-level statistics on database activity.", 0),
    i("track_activity_query_size", Postmaster, StatsCollector, 1024, 100, 102400, Unit::None, "Sets the size reserved for pg_stat_activity.query, in bytes.", 0),
    s("stats_temp_directory", Sighup, StatsCollector, "pg_stat_tmp", "Writes temporary statistics files to the specified directory.", 0),
    b("log_parser_stats", Superuser, StatsMonitoring, false, "Writes parser performance statistics to the server log.", 0),
    b("log_planner_stats", Superuser, StatsMonitoring, false, "Writes planner performance statistics to the server log.", 0),
    b("log_executor_stats", Superuser, StatsMonitoring, false, "Writes executor performance statistics to the server log.", 0),
    b("log_statement_stats", Superuser, StatsMonitoring, false, "Writes cumulative performance statistics to the server log.", 0),
    // AUTOVACUUM
    b("autovacuum", Sighup, Autovacuum, true, "Starts the autovacuum subprocess.", 0),
    i("log_autovacuum_min_duration", Sighup, Autovacuum, -1, -1, IMAX, Unit::Ms, "Sets the minimum execution time above which autovacuum actions will be logged.", 0),
    i("autovacuum_max_workers", Postmaster, Autovacuum, 3, 1, 262143, Unit::None, "Sets the maximum number of simultaneously running autovacuum worker processes.", 0),
    i("autovacuum_naptime", Sighup, Autovacuum, 60, 1, IMAX / 1000, Unit::S, "Time to sleep between autovacuum runs.", 0),
    i("autovacuum_vacuum_threshold", Sighup, Autovacuum, 50, 0, IMAX, Unit::None, "Minimum number of tuple updates or deletes prior to vacuum.", 0),
    i("autovacuum_analyze_threshold", Sighup, Autovacuum, 50, 0, IMAX, Unit::None, "Minimum number of tuple inserts, updates, or deletes prior to analyze.", 0),
    r("autovacuum_vacuum_scale_factor", Sighup, Autovacuum, 0.2, 0.0, 100.0, "Number of tuple updates or deletes prior to vacuum as a fraction of reltuples.", 0),
    r("autovacuum_analyze_scale_factor", Sighup, Autovacuum, 0.1, 0.0, 100.0, "Number of tuple inserts, updates, or deletes prior to analyze as a fraction of reltuples.", 0),
    i("autovacuum_freeze_max_age", Postmaster, Autovacuum, 200000000, 100000, 2000000000, Unit::None, "Age at which to autovacuum a table to prevent transaction ID wraparound.", 0),
    i("autovacuum_multixact_freeze_max_age", Postmaster, Autovacuum, 400000000, 10000, 2000000000, Unit::None, "Multixact age at which to autovacuum a table to prevent multixact wraparound.", 0),
    i("autovacuum_vacuum_cost_delay", Sighup, Autovacuum, 20, -1, 100, Unit::Ms, "Vacuum cost delay in milliseconds, for autovacuum.", 0),
    i("autovacuum_vacuum_cost_limit", Sighup, Autovacuum, -1, -1, 10000, Unit::None, "Vacuum cost amount available before napping, for autovacuum.", 0),
    // CLIENT CONNECTION DEFAULTS
    s("search_path", User, ClientStatement, "\"$user\", public", "Sets the schema search order for names that are not schema-qualified.", LIST),
    s("default_tablespace", User, ClientStatement, "", "Sets the default tablespace to create tables and indexes in.", 0),
    s("temp_tablespaces", User, ClientStatement, "", "Sets the tablespace(s) to use for temporary tables and sort files.", LIST),
    b("check_function_bodies", User, ClientStatement, true, "Check function bodies during CREATE FUNCTION.", 0),
    e("default_transaction_isolation", User, ClientStatement, "read committed", ISOLATION, &[], "Sets the transaction isolation level of each new transaction.", 0),
    b("default_transaction_read_only", User, ClientStatement, false, "Sets the default read-only status of new transactions.", 0),
    b("default_transaction_deferrable", User, ClientStatement, false, "Sets the default deferrable status of new transactions.", 0),
    e("session_replication_role", Superuser, ClientStatement, "origin", &["origin", "replica", "local"], &[], "Sets the session's behavior for triggers and rewrite rules.", 0),
    i("statement_timeout", User, ClientStatement, 0, 0, IMAX, Unit::Ms, "Sets the maximum allowed duration of any statement.", 0),
    i("lock_timeout", User, ClientStatement, 0, 0, IMAX, Unit::Ms, "Sets the maximum allowed duration of any wait for a lock.", 0),
    i("idle_in_transaction_session_timeout", User, ClientStatement, 0, 0, IMAX, Unit::Ms, "Sets the maximum allowed duration of any idling transaction.", 0),
    i("vacuum_freeze_min_age", User, ClientStatement, 50000000, 0, 1000000000, Unit::None, "Minimum age at which VACUUM should freeze a table row.", 0),
    i("vacuum_freeze_table_age", User, ClientStatement, 150000000, 0, 2000000000, Unit::None, "Age at which VACUUM should scan whole table to freeze tuples.", 0),
    i("vacuum_multixact_freeze_min_age", User, ClientStatement, 5000000, 0, 1000000000, Unit::None, "Minimum age at which VACUUM should freeze a MultiXactId in a table row.", 0),
    i("vacuum_multixact_freeze_table_age", User, ClientStatement, 150000000, 0, 2000000000, Unit::None, "Multixact age at which VACUUM should scan whole table to freeze tuples.", 0),
    e("bytea_output", User, ClientStatement, "hex", &["escape", "hex"], &[], "Sets the output format for bytea.", 0),
    e("xmlbinary", User, ClientStatement, "base64", &["base64", "hex"], &[], "Sets how binary values are to be encoded in XML.", 0),
    e("xmloption", User, ClientStatement, "content", &["content", "document"], &[], "Sets whether XML data in implicit parsing and serialization operations is to be considered as documents or content fragments.", 0),
    i("gin_fuzzy_search_limit", User, ClientStatement, 0, 0, IMAX, Unit::None, "Sets the maximum allowed result for exact search by GIN.", 0),
    i("gin_pending_list_limit", User, ClientStatement, 4096, 64, IMAX / 1024, Unit::Kb, "Sets the maximum size of the pending list for GIN index.", 0),
    s("DateStyle", User, ClientLocale, "ISO, MDY", "Sets the display format for date and time values.", REPORT | LIST),
    e("IntervalStyle", User, ClientLocale, "postgres", &["postgres", "postgres_verbose", "sql_standard", "iso_8601"], &[], "Sets the display format for interval values.", REPORT),
    s("TimeZone", User, ClientLocale, "UTC", "Sets the time zone for displaying and interpreting time stamps.", REPORT),
    s("timezone_abbreviations", User, ClientLocale, "Default", "Selects a file of time zone abbreviations.", 0),
    i("extra_float_digits", User, ClientLocale, 0, -15, 3, Unit::None, "Sets the number of digits displayed for floating-point values.", 0),
    s("client_encoding", User, ClientLocale, "UTF8", "Sets the client's character set encoding.", REPORT),
    s("lc_messages", Superuser, ClientLocale, "", "Sets the language in which messages are displayed.", 0),
    s("lc_monetary", User, ClientLocale, "C", "Sets the locale for formatting monetary amounts.", 0),
    s("lc_numeric", User, ClientLocale, "C", "Sets the locale for formatting numbers.", 0),
    s("lc_time", User, ClientLocale, "C", "Sets the locale for formatting date and time values.", 0),
    s("default_text_search_config", User, ClientLocale, "pg_catalog.simple", "Sets default text search configuration.", 0),
    s("dynamic_library_path", Superuser, ClientOther, "$libdir", "Sets the path for dynamically loadable modules.", 0),
    s("local_preload_libraries", User, ClientPreload, "", "Lists unprivileged shared libraries to preload into each backend.", LIST),
    s("session_preload_libraries", Superuser, ClientPreload, "", "Lists shared libraries to preload into each backend.", LIST),
    // LOCK MANAGEMENT
    i("deadlock_timeout", Superuser, LockManagement, 1000, 1, IMAX, Unit::Ms, "Sets the time to wait on a lock before checking for deadlock.", 0),
    i("max_locks_per_transaction", Postmaster, LockManagement, 64, 10, IMAX, Unit::None, "Sets the maximum number of locks per transaction.", 0),
    i("max_pred_locks_per_transaction", Postmaster, LockManagement, 64, 10, IMAX, Unit::None, "Sets the maximum number of predicate locks per transaction.", 0),
    i("max_pred_locks_per_relation", Sighup, LockManagement, -2, i32::MIN as i64, IMAX, Unit::None, "Sets the maximum number of predicate-locked pages and tuples per relation.", 0),
    i("max_pred_locks_per_page", Sighup, LockManagement, 2, 0, IMAX, Unit::None, "Sets the maximum number of predicate-locked tuples per page.", 0),
    // VERSION/PLATFORM COMPATIBILITY
    b("array_nulls", User, CompatPrevious, true, "Enable input of NULL elements in arrays.", 0),
    e("backslash_quote", User, CompatPrevious, "safe_encoding", &["safe_encoding", "on", "off"], BOOL_ALIASES, "Sets whether \"\\'\" is allowed in string literals.", 0),
    b("default_with_oids", User, CompatPrevious, false, "Create new tables with OIDs by default.", 0),
    b("escape_string_warning", User, CompatPrevious, true, "Warn about backslash escapes in ordinary string literals.", 0),
    b("lo_compat_privileges", Superuser, CompatPrevious, false, "Enables backward compatibility mode for privilege checks on large objects.", 0),
    b("operator_precedence_warning", User, CompatPrevious, false, "Emit a warning for constructs that changed meaning since PostgreSQL 9.4.", 0),
    b("quote_all_identifiers", User, CompatPrevious, false, "When generating SQL fragments, quote all identifiers.", 0),
    b("standard_conforming_strings", User, CompatPrevious, true, "Causes '...' strings to treat backslashes literally.", REPORT),
    b("synchronize_seqscans", User, CompatPrevious, true, "Enable synchronized sequential scans.", 0),
    b("transform_null_equals", User, CompatOther, false, "Treats \"expr=NULL\" as \"expr IS NULL\".", 0),
    // ERROR HANDLING
    b("exit_on_error", User, ErrorHandling, false, "Terminate session on any error.", 0),
    b("restart_after_crash", Sighup, ErrorHandling, true, "Reinitialize server after backend crash.", 0),
    // Not in the sample file: preset (read-only) options.
    i("block_size", Internal, Preset, 8192, 8192, 8192, Unit::None, "Shows the size of a disk block.", RO),
    b("data_checksums", Internal, Preset, false, "Shows whether data checksums are turned on for this cluster.", RO),
    b("debug_assertions", Internal, Preset, false, "Shows whether the running server has assertion checks enabled.", RO),
    b("integer_datetimes", Internal, Preset, true, "Datetimes are integer based.", RO | REPORT),
    s("lc_collate", Internal, Preset, "C", "Shows the collation order locale.", RO),
    s("lc_ctype", Internal, Preset, "C", "Shows the character classification and case conversion locale.", RO),
    i("max_function_args", Internal, Preset, 100, 100, 100, Unit::None, "Shows the maximum number of function arguments.", RO),
    i("max_identifier_length", Internal, Preset, 63, 63, 63, Unit::None, "Shows the maximum identifier length.", RO),
    i("max_index_keys", Internal, Preset, 32, 32, 32, Unit::None, "Shows the maximum number of index keys.", RO),
    i("segment_size", Internal, Preset, 131072, 131072, 131072, Unit::Blocks, "Shows the number of pages per disk file.", RO),
    s("server_encoding", Internal, Preset, "UTF8", "Sets the server (database) character set encoding.", RO | REPORT),
    s("server_version", Internal, Preset, "10.2", "Shows the server version.", RO | REPORT),
    i("server_version_num", Internal, Preset, 100002, 100002, 100002, Unit::None, "Shows the server version as an integer.", RO),
    i("wal_block_size", Internal, Preset, 8192, 8192, 8192, Unit::None, "Shows the block size in the write ahead log.", RO),
    i("wal_segment_size", Internal, Preset, 2048, 2048, 2048, Unit::XBlocks, "Shows the number of pages per write ahead log segment.", RO),
    // Not in the sample file: session state.
    b("is_superuser", Internal, Preset, false, "Shows whether the current user is a superuser.", RO | REPORT | NO_SHOW_ALL | NO_RESET_ALL),
    s("session_authorization", User, Preset, "", "Sets the session user name.", RO | REPORT | NO_SHOW_ALL | NO_RESET_ALL),
    s("role", User, Preset, "none", "Sets the current role.", RO | NO_SHOW_ALL | NO_RESET_ALL),
    r("seed", User, Preset, 0.0, -1.0, 1.0, "Sets the seed for random-number generation.", RO | NO_SHOW_ALL | NO_RESET_ALL),
    s("transaction_isolation", User, ClientStatement, "read committed", "Sets the current transaction's isolation level.", RO | NO_RESET_ALL),
    b("transaction_read_only", User, ClientStatement, false, "Sets the current transaction's read-only status.", RO | NO_RESET_ALL),
    b("transaction_deferrable", User, ClientStatement, false, "Whether to defer a read-only serializable transaction until it can be executed with no possible serialization failures.", RO | NO_RESET_ALL),
    // Not in the sample file: developer options.
    b("allow_system_table_mods", Postmaster, Developer, false, "Allows modifications of the structure of system tables.", NIS),
    b("ignore_system_indexes", Backend, Developer, false, "Disables reading from system indexes.", NIS),
    i("post_auth_delay", Backend, Developer, 0, 0, IMAX / 1000000, Unit::S, "Waits N seconds on connection startup after authentication.", NIS),
    i("pre_auth_delay", Sighup, Developer, 0, 0, 60, Unit::S, "Waits N seconds on connection startup before authentication.", NIS),
    b("trace_notify", User, Developer, false, "Generates debugging output for LISTEN and NOTIFY.", NIS),
    e("trace_recovery_messages", Sighup, Developer, "log", MSG_LEVELS_CLIENT, LEVEL_ALIASES, "Enables logging of recovery-related debugging information.", NIS),
    b("trace_sort", User, Developer, false, "Emit information about resource usage in sorting.", NIS),
    b("zero_damaged_pages", Superuser, Developer, false, "Continues processing past damaged page headers.", NIS),
    b("ignore_checksum_failure", Superuser, Developer, false, "Continues processing after a checksum failure.", NIS),
    s("wal_consistency_checking", Superuser, Developer, "", "Sets the WAL resource managers for which WAL consistency checks are done.", NIS | LIST),
];
