//! `pg_controldata`: print the contents of a Tusk cluster's global/pg_control (cluster state,
//! latest checkpoint and REDO locations, TimeLineID, next XID/OID, checkpoint time) with
//! PostgreSQL's labels. The layout is Tusk's own (see `storage::wal::ControlFile`); it is
//! decoded here by hand so the binary needs nothing beyond the standard library.

use std::path::PathBuf;
use std::process::ExitCode;

const PROG: &str = "pg_controldata";
const MAGIC: &[u8; 8] = b"TUSKCTL1";
const SIZE: usize = 72;
const SEG_SIZE: u64 = 16 * 1024 * 1024;

fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn lsn(v: u64) -> String {
    format!("{:X}/{:X}", v >> 32, v & 0xffff_ffff)
}

fn seg_name(tli: u32, v: u64) -> String {
    let segno = v / SEG_SIZE;
    let per = 0x1_0000_0000u64 / SEG_SIZE;
    format!("{:08X}{:08X}{:08X}", tli, segno / per, segno % per)
}

/// strftime("%c") in the C locale, UTC: "Fri Nov 27 02:47:24 2026".
fn ctime(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let wd = (days + 4).rem_euclid(7) as usize;
    const WD: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MO: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        WD[wd],
        MO[(m - 1).clamp(0, 11) as usize],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        y
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-D" | "--pgdata" => {
                i += 1;
                dir = args.get(i).map(PathBuf::from);
            }
            "-V" | "--version" => {
                println!("{PROG} (PostgreSQL) 10.2");
                return ExitCode::SUCCESS;
            }
            "-?" | "--help" => {
                println!("{PROG} displays control information of a PostgreSQL database cluster.\n\nUsage:\n  {PROG} [OPTION] [DATADIR]\n\nOptions:\n [-D, --pgdata=]DATADIR  data directory\n  -V, --version          output version information, then exit\n  -?, --help             show this help, then exit");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with("--pgdata=") => dir = Some(PathBuf::from(&a[9..])),
            a => dir = Some(PathBuf::from(a)),
        }
        i += 1;
    }
    let Some(dir) = dir.or_else(|| std::env::var_os("PGDATA").map(PathBuf::from)) else {
        eprintln!("{PROG}: no data directory specified");
        eprintln!("Try \"{PROG} --help\" for more information.");
        return ExitCode::from(1);
    };
    let path = dir.join("global").join("pg_control");
    let b = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "{PROG}: could not open file \"{}\" for reading: {}",
                path.display(),
                e
            );
            return ExitCode::from(1);
        }
    };
    if b.len() < SIZE || &b[0..8] != MAGIC {
        eprintln!("{PROG}: unrecognized pg_control layout");
        return ExitCode::from(1);
    }
    let u32_at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
    let u64_at = |o: usize| (u32_at(o) as u64) | ((u32_at(o + 4) as u64) << 32);
    if crc32c(&b[..SIZE - 4]) != u32_at(SIZE - 4) {
        println!("WARNING: Calculated CRC checksum does not match value stored in file.\nEither the file is corrupt, or it has a different layout than this program\nis expecting.  The results below are untrustworthy.\n");
    }
    let state = match u32_at(8) {
        0 => "starting up",
        1 => "shut down",
        3 => "in crash recovery",
        _ => "in production",
    };
    let tli = u32_at(12);
    let redo = u64_at(24);
    let rows: Vec<(&str, String)> = vec![
        ("pg_control version number", "1002".into()),
        ("Catalog version number", "201707211".into()),
        ("Database cluster state", state.into()),
        ("pg_control last modified", ctime(u64_at(48) as i64)),
        ("Latest checkpoint location", lsn(u64_at(16))),
        ("Latest checkpoint's REDO location", lsn(redo)),
        ("Latest checkpoint's REDO WAL file", seg_name(tli, redo)),
        ("Latest checkpoint's TimeLineID", tli.to_string()),
        ("Latest checkpoint's PrevTimeLineID", tli.to_string()),
        (
            "Latest checkpoint's full_page_writes",
            if u32_at(56) != 0 { "on" } else { "off" }.into(),
        ),
        ("Latest checkpoint's NextXID", format!("0:{}", u32_at(32))),
        ("Latest checkpoint's NextOID", u32_at(36).to_string()),
        ("Time of latest checkpoint", ctime(u64_at(40) as i64)),
        ("Database block size", "8192".into()),
        ("Bytes per WAL segment", SEG_SIZE.to_string()),
    ];
    for (k, v) in rows {
        println!("{:<38}{}", format!("{k}:"), v);
    }
    ExitCode::SUCCESS
}
