//! The cluster's persistent OID counter. `global/tusk_oid` holds the first OID not yet
//! reserved; OIDs are handed out from memory and the file is advanced by `RESERVE` at a time
//! (like PostgreSQL's OID prefetch), so a crash only skips OIDs, never reuses them. After
//! wraparound the counter restarts at FirstNormalObjectId.

use crate::oids::FIRST_NORMAL_OID;
use common::{pg_err, Oid, PgResult};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const RESERVE: u64 = 1024;
pub const FILE_NAME: &str = "tusk_oid";

struct State {
    loaded: bool,
    next: u64,
    limit: u64,
}

pub struct OidGen {
    path: PathBuf,
    state: Mutex<State>,
}

fn write_counter(path: &Path, value: u64) -> PgResult<()> {
    let tmp = path.with_extension("tmp");
    let res = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(format!("{value}\n").as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    res.map_err(|e| {
        pg_err!(
            IO_ERROR,
            "could not write file \"{}\": {}",
            path.display(),
            e
        )
    })
}

/// Initialize the counter file of a new cluster.
pub fn init_file(data_dir: &Path) -> PgResult<()> {
    write_counter(
        &data_dir.join("global").join(FILE_NAME),
        FIRST_NORMAL_OID as u64,
    )
}

impl OidGen {
    pub fn new(data_dir: &Path) -> OidGen {
        OidGen {
            path: data_dir.join("global").join(FILE_NAME),
            state: Mutex::new(State {
                loaded: false,
                next: FIRST_NORMAL_OID as u64,
                limit: FIRST_NORMAL_OID as u64,
            }),
        }
    }

    /// A new OID, never below FirstNormalObjectId.
    pub fn next_oid(&self) -> PgResult<Oid> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !st.loaded {
            let v = match std::fs::read_to_string(&self.path) {
                Ok(s) => s.trim().parse::<u64>().unwrap_or(FIRST_NORMAL_OID as u64),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => FIRST_NORMAL_OID as u64,
                Err(e) => {
                    return Err(pg_err!(
                        IO_ERROR,
                        "could not read file \"{}\": {}",
                        self.path.display(),
                        e
                    ))
                }
            };
            st.next = v.max(FIRST_NORMAL_OID as u64);
            st.limit = st.next;
            st.loaded = true;
        }
        if st.next > u32::MAX as u64 {
            st.next = FIRST_NORMAL_OID as u64;
            st.limit = st.next;
        }
        if st.next >= st.limit {
            let new_limit = st.next + RESERVE;
            let stored = if new_limit > u32::MAX as u64 {
                FIRST_NORMAL_OID as u64
            } else {
                new_limit
            };
            write_counter(&self.path, stored)?;
            st.limit = new_limit;
        }
        let oid = st.next as Oid;
        st.next += 1;
        Ok(oid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persists_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("global")).unwrap();
        init_file(dir.path()).unwrap();
        let g = OidGen::new(dir.path());
        assert_eq!(g.next_oid().unwrap(), FIRST_NORMAL_OID);
        assert_eq!(g.next_oid().unwrap(), FIRST_NORMAL_OID + 1);
        let g2 = OidGen::new(dir.path());
        assert!(g2.next_oid().unwrap() > FIRST_NORMAL_OID + 1);
    }
}
