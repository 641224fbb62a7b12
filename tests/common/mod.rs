//! What the integration tests share.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `marsad serve` with `args` on a free port of 127.0.0.1 (without
/// a token from the environment), and returns it with the address it says
/// it listens on. If it does not start, the panic shows what it said on
/// stderr.
pub fn start_serve(args: &[&str]) -> (Child, String) {
    let stderr = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("serve")
        .args(args)
        .args(["--addr", "127.0.0.1:0"])
        .env_remove("MARSAD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(stderr.reopen().unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("the server says where it listens")
        .to_owned();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "serve printed {line:?}; on stderr: {}",
        std::fs::read_to_string(stderr.path()).unwrap_or_default()
    );
    (child, addr)
}
