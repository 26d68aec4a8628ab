//! pgbench end to end: `pgbench -i`, then the built-in scripts in every query mode with several
//! clients; no transaction may fail and the TPC-B balances must agree afterwards.

mod support;

use std::process::Command;
use support::TestServer;

fn pgbench(srv: &TestServer, args: &[&str]) -> String {
    let bin = support::psql_bin().with_file_name("pgbench");
    let out = Command::new(bin)
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &srv.port.to_string(),
            "-U",
            "postgres",
        ])
        .args(args)
        .arg("postgres")
        .output()
        .expect("run pgbench");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pgbench {args:?}: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn pgbench_init_and_builtin_scripts() {
    let srv = TestServer::start();
    pgbench(&srv, &["-i", "-s", "1", "-q"]);
    let mut c = srv.client();
    let n: i64 = c
        .query_one("SELECT count(*) FROM pgbench_accounts", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 100_000);
    // The primary keys exist and are used.
    let e = c
        .batch_execute("INSERT INTO pgbench_branches VALUES (1, 0, '')")
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("23505"));
    for mode in ["simple", "extended", "prepared"] {
        let out = pgbench(
            &srv,
            &[
                "-n",
                "-b",
                "tpcb-like",
                "-c",
                "4",
                "-j",
                "2",
                "-t",
                "50",
                "-M",
                mode,
            ],
        );
        assert!(
            out.contains("number of transactions actually processed: 200/200"),
            "{mode}: {out}"
        );
        assert!(out.contains("number of failed transactions: 0 "), "{out}");
    }
    let row = c
        .query_one(
            "SELECT (SELECT sum(abalance) FROM pgbench_accounts), \
                    (SELECT sum(bbalance) FROM pgbench_branches), \
                    (SELECT sum(tbalance) FROM pgbench_tellers), \
                    (SELECT count(*) FROM pgbench_history)",
            &[],
        )
        .unwrap();
    let (a, b, t, h): (i64, i64, i64, i64) = (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(a, b);
    assert_eq!(b, t);
    assert_eq!(h, 600);
    for script in ["simple-update", "select-only"] {
        for mode in ["simple", "prepared"] {
            let out = pgbench(
                &srv,
                &["-n", "-b", script, "-c", "2", "-t", "50", "-M", mode],
            );
            assert!(
                out.contains("number of transactions actually processed: 100/100"),
                "{script} {mode}: {out}"
            );
        }
    }
}
