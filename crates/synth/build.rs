//! Fingerprints the synthesis rules: the sources of this crate and of the
//! text crate it reads words with. A stored synthesis made by other rules is
//! recomputed (`fingerprint`), so an upgrade never serves a story as an
//! older build synthesized it, and nobody has to remember to bump a number.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "../text/src"] {
        println!("cargo:rerun-if-changed={dir}");
        sources(Path::new(dir), &mut files);
    }
    files.sort();
    // FNV-1a over each file's path and bytes: no dependency for a build
    // script, and collisions do not matter here.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        let bytes = fs::read(f).unwrap_or_default();
        for b in f.to_string_lossy().bytes().chain(bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=MARSAD_SYNTH_RULES={h:016x}");
}
