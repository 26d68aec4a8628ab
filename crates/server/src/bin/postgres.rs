//! `postgres`: the Tusk database server (see `server::postgres_cli`).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(server::postgres_cli::main(args));
}
