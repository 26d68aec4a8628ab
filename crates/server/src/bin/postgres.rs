//! `postgres`: the Tusk database server (see `server::postgres_cli`).

/// mimalloc: statements allocate many small, short-lived objects on many threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(server::postgres_cli::main(args));
}
