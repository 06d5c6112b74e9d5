//! Randomness: one small PRNG (splitmix64) seeded per lead, and a
//! permutation of the phone number space so that numbers never repeat.

use super::*;

pub(super) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

pub(super) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// splitmix64: small, fast and good enough for demo data.
#[derive(Debug, Clone)]
pub(super) struct Rng(pub(super) u64);

impl Rng {
    /// An independent stream for (`stream`, `index`) under `seed`.
    pub(super) fn stream(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix64(
            seed ^ mix64(stream.wrapping_mul(GOLDEN) ^ mix64(index.wrapping_add(GOLDEN))),
        ))
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo) as u64 + 1) as i64
        }
    }

    /// Uniform in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Exponential with the given mean.
    pub(super) fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// An index drawn with the given weights.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w as u64 {
                return i;
            }
            r -= w as u64;
        }
        weights.len().saturating_sub(1)
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A permutation of `0..PHONE_SPACE`: a 4-round Feistel network on 32 bits
/// with cycle walking, so every lead gets its own number and neighbours'
/// numbers look unrelated.
pub(super) struct PhonePerm {
    pub(super) keys: [u64; 4],
}

/// Mobile prefixes in use in mainland China.
pub(super) const PHONE_PREFIXES: [&str; 40] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
    "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

impl PhonePerm {
    pub(super) fn new(seed: u64) -> PhonePerm {
        let mut rng = Rng::stream(seed, 9, 0);
        PhonePerm {
            keys: [rng.next(), rng.next(), rng.next(), rng.next()],
        }
    }

    pub(super) fn feistel(&self, x: u32) -> u32 {
        let (mut l, mut r) = (x >> 16, x & 0xFFFF);
        for k in self.keys {
            let f = (mix64(r as u64 ^ k) & 0xFFFF) as u32;
            let next = l ^ f;
            l = r;
            r = next;
        }
        (l << 16) | r
    }

    pub(super) fn permute(&self, i: u64) -> u64 {
        let mut y = self.feistel(i as u32);
        while y as u64 >= PHONE_SPACE {
            y = self.feistel(y);
        }
        y as u64
    }

    /// The 11-digit mobile number of lead `i`.
    pub(super) fn phone(&self, i: u64) -> [u8; 11] {
        let y = self.permute(i);
        let mut out = [b'0'; 11];
        out[..3].copy_from_slice(PHONE_PREFIXES[(y / 100_000_000) as usize].as_bytes());
        let mut rest = y % 100_000_000;
        for d in out[3..].iter_mut().rev() {
            *d = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out
    }
}
