//! The `ktpl` binary: parse the command line, run it, exit with its code.

// Checking thousands of templates allocates many small strings and maps; mimalloc
// serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ktpl::run_command_line()
}
