//! A fast, non-cryptographic hasher for the server's internal maps (buffer tags, relation
//! file nodes, OIDs, transaction ids, setting and keyword names). Their keys come from the
//! server itself, not from clients, so the DoS resistance of the standard SipHash buys nothing
//! there while its cost shows on every statement.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Multiply-rotate hashing of whole words (the scheme of rustc's FxHasher).
#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.add(i as u32 as u64);
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }
}

/// Builds `FastHasher`s.
pub type FastBuild = BuildHasherDefault<FastHasher>;
/// A `HashMap` using `FastHasher` (create with `FastMap::default()`).
pub type FastMap<K, V> = HashMap<K, V, FastBuild>;
/// A `HashSet` using `FastHasher` (create with `FastSet::default()`).
pub type FastSet<T> = HashSet<T, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn h<T: Hash>(v: T) -> u64 {
        FastBuild::default().hash_one(v)
    }

    #[test]
    fn equal_keys_hash_equal_and_neighbours_differ() {
        assert_eq!(h("work_mem"), h(String::from("work_mem")));
        assert_ne!(h("work_mem"), h("work_men"));
        assert_ne!(h((1u32, 2u32)), h((2u32, 1u32)));
        let distinct: FastSet<u64> = (0u32..10_000).map(h).collect();
        assert_eq!(distinct.len(), 10_000);
    }

    #[test]
    fn map_works_as_a_map() {
        let mut m: FastMap<(u32, String), usize> = FastMap::default();
        for i in 0..1000u32 {
            m.insert((i % 7, format!("rel{i}")), i as usize);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m.get(&(3, "rel10".to_string())), Some(&10));
        assert_eq!(m.get(&(4, "rel10".to_string())), None);
    }
}
