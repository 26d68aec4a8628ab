//! Grand Unified Configuration: every PostgreSQL 10 parameter with its type, default, context and
//! limits (`table`); the `Settings` value holding current values with validation and SHOW
//! formatting (`settings`); postgresql.conf parsing and loading (`conf`); and the
//! postgresql.conf template initdb writes (`sample`).

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod conf;
pub mod sample;
pub mod settings;
pub mod special;
pub mod table;

pub use conf::{parse_config_file, parse_option_words, split_options, ConfigItem, LoadReport};
pub use sample::{initdb_config, render_config};
pub use settings::{lookup, parse_bool, SettingInfo, SettingRow, Settings, Source};
pub use table::{Context, Kind, ParamDef, Section, Unit, PARAMS};

/// strerror-like text of an I/O error ("No such file or directory").
pub fn io_error_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
