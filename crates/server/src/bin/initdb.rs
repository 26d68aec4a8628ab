//! `initdb`: create a new Tusk/PostgreSQL data directory (see `server::initdb`).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(server::initdb::main(args));
}
