//! Number sequences as a state checkpoint stores them: packed into one byte
//! string each, written by a tight loop, instead of one serde element (and
//! one bounds-checked write per byte) per number. A checkpoint of a large
//! window is tens of millions of such numbers, and the end of a run waits
//! for it.
//!
//! Two encodings, each a serde `with` module:
//! - [`deltas`]: a sorted `Vec<u32>` as the LEB128 varints of the
//!   differences between neighbours (small numbers, one to three bytes);
//! - [`words`]: a `Vec<u64>` of hashes as their little-endian bytes (a
//!   varint of a well-mixed 64-bit number would take nine or ten).
//!
//! Reading either back checks its shape: a truncated or overlong string is
//! an error, not a panic.
//!
//! ```
//! use marsad_core::packed;
//! let mut bytes = Vec::new();
//! packed::put_varint(&mut bytes, 300);
//! let mut at = 0;
//! assert_eq!(packed::get_varint(&bytes, &mut at), Some(300));
//! assert_eq!(at, bytes.len());
//! ```

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

/// Appends `x` as a LEB128 varint: seven bits per byte, low first, the high
/// bit set on every byte but the last.
pub fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Reads the varint at `*at` and moves past it; `None` when the bytes end
/// inside it or it runs past 64 bits.
pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut x = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        x |= u64::from(b & 0x7F).checked_shl(shift)?;
        if b < 0x80 {
            return Some(x);
        }
    }
    None
}

/// A byte string as any serde format gives it: borrowed, owned or as a
/// sequence of bytes.
struct Bytes;

impl<'de> Visitor<'de> for Bytes {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }

    fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
        while let Some(b) = seq.next_element()? {
            v.push(b);
        }
        Ok(v)
    }
}

/// A byte string, as a `with` module's `deserialize` reads one.
pub fn byte_string<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    d.deserialize_bytes(Bytes)
}

/// A sorted `Vec<u32>` as the varints of its differences (see the module).
pub mod deltas {
    use super::*;

    /// The packed bytes of `v` (sorted ascending; any order round-trips,
    /// sorted is what keeps it small).
    pub fn pack(v: &[u32]) -> Vec<u8> {
        let mut out = Vec::with_capacity(v.len() * 3);
        let mut before = 0u32;
        for &x in v {
            put_varint(&mut out, u64::from(x.wrapping_sub(before)));
            before = x;
        }
        out
    }

    /// The numbers `pack` packed; `None` when the bytes are not such a string.
    pub fn unpack(bytes: &[u8]) -> Option<Vec<u32>> {
        let mut out = Vec::with_capacity(bytes.len() / 2);
        let (mut at, mut before) = (0, 0u32);
        while at < bytes.len() {
            let d = u32::try_from(get_varint(bytes, &mut at)?).ok()?;
            before = before.wrapping_add(d);
            out.push(before);
        }
        Some(out)
    }

    pub fn serialize<S: Serializer>(v: &[u32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&pack(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        unpack(&byte_string(d)?)
            .ok_or_else(|| D::Error::custom("a malformed packed number sequence"))
    }
}

/// A `Vec<u64>` as its little-endian bytes (see the module).
pub mod words {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
        let out: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
        let b = byte_string(d)?;
        if b.len() % 8 != 0 {
            return Err(D::Error::custom(
                "a packed word sequence of a broken length",
            ));
        }
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("chunks of eight")))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_their_edges() {
        for x in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut b = Vec::new();
            put_varint(&mut b, x);
            let mut at = 0;
            assert_eq!(get_varint(&b, &mut at), Some(x));
            assert_eq!(at, b.len());
        }
    }

    #[test]
    fn broken_strings_are_refused() {
        // Ends inside a varint; runs past 64 bits; a delta past 32 bits.
        assert_eq!(deltas::unpack(&[0x80]), None);
        assert_eq!(get_varint(&[0xFF; 11], &mut 0), None);
        let mut big = Vec::new();
        put_varint(&mut big, 1 << 40);
        assert_eq!(deltas::unpack(&big), None);
    }

    #[test]
    fn sorted_numbers_round_trip_small() {
        let v = vec![3, 70, 71, 5_000, u32::MAX];
        let b = deltas::pack(&v);
        assert!(b.len() < v.len() * 4);
        assert_eq!(deltas::unpack(&b), Some(v));
        assert_eq!(deltas::unpack(&[]), Some(vec![]));
    }
}
