//! `pg_ctl`: start, stop, restart, reload and query a Tusk server (see `server::pg_ctl`).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(server::pg_ctl::main(args));
}
