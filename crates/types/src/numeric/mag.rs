//! Unsigned big integers in base 10000 (little-endian limbs), the arithmetic core of `numeric`,
//! and `Dec`, a signed decimal `mag * 10^exp` used for exact and rounded computation.

use std::cmp::Ordering;

pub const NBASE: u32 = 10000;
const POW10: [u32; 4] = [1, 10, 100, 1000];

/// Little-endian base-10000 limbs without high zero limbs (zero is the empty vector).
pub type Mag = Vec<u32>;

pub fn trim(m: &mut Mag) {
    while m.last() == Some(&0) {
        m.pop();
    }
}

pub fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

pub fn add(a: &[u32], b: &[u32]) -> Mag {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut r = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u32;
    for (i, &l) in long.iter().enumerate() {
        let s = l + short.get(i).copied().unwrap_or(0) + carry;
        if s >= NBASE {
            r.push(s - NBASE);
            carry = 1;
        } else {
            r.push(s);
            carry = 0;
        }
    }
    if carry > 0 {
        r.push(carry);
    }
    r
}

/// a - b, requires a >= b.
pub fn sub(a: &[u32], b: &[u32]) -> Mag {
    let mut r = Vec::with_capacity(a.len());
    let mut borrow = 0i32;
    for (i, &x) in a.iter().enumerate() {
        let mut d = x as i32 - b.get(i).copied().unwrap_or(0) as i32 - borrow;
        if d < 0 {
            d += NBASE as i32;
            borrow = 1;
        } else {
            borrow = 0;
        }
        r.push(d as u32);
    }
    trim(&mut r);
    r
}

pub fn mul(a: &[u32], b: &[u32]) -> Mag {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u64; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        if x == 0 {
            continue;
        }
        for (j, &y) in b.iter().enumerate() {
            acc[i + j] += x as u64 * y as u64;
        }
        // Keep the accumulators bounded.
        if i % 100_000 == 99_999 {
            normalize_acc(&mut acc);
        }
    }
    normalize_acc(&mut acc);
    let mut r: Mag = acc.into_iter().map(|v| v as u32).collect();
    trim(&mut r);
    r
}

fn normalize_acc(acc: &mut [u64]) {
    let mut carry = 0u64;
    for v in acc.iter_mut() {
        let t = *v + carry;
        *v = t % NBASE as u64;
        carry = t / NBASE as u64;
    }
}

pub fn mul_small(a: &[u32], s: u32) -> Mag {
    if s == 0 || a.is_empty() {
        return Vec::new();
    }
    let mut r = Vec::with_capacity(a.len() + 2);
    let mut carry = 0u64;
    for &x in a {
        let t = x as u64 * s as u64 + carry;
        r.push((t % NBASE as u64) as u32);
        carry = t / NBASE as u64;
    }
    while carry > 0 {
        r.push((carry % NBASE as u64) as u32);
        carry /= NBASE as u64;
    }
    trim(&mut r);
    r
}

pub fn add_small(a: &[u32], s: u32) -> Mag {
    add(a, &from_u128(s as u128))
}

/// (a / s, a % s) for 0 < s <= NBASE.
pub fn divmod_small(a: &[u32], s: u32) -> (Mag, u32) {
    let mut q = vec![0u32; a.len()];
    let mut rem = 0u64;
    for i in (0..a.len()).rev() {
        let cur = rem * NBASE as u64 + a[i] as u64;
        q[i] = (cur / s as u64) as u32;
        rem = cur % s as u64;
    }
    trim(&mut q);
    (q, rem as u32)
}

/// (a / b, a % b); b must be non-zero (returns (0, a) otherwise).
pub fn divmod(a: &[u32], b: &[u32]) -> (Mag, Mag) {
    if b.is_empty() {
        return (Vec::new(), a.to_vec());
    }
    if cmp(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if b.len() == 1 {
        let (q, r) = divmod_small(a, b[0]);
        return (q, from_u128(r as u128));
    }
    // Knuth's algorithm D in base NBASE.
    let d = NBASE / (b[b.len() - 1] + 1);
    let mut u = mul_small(a, d);
    let v = mul_small(b, d);
    let n = v.len();
    if u.len() == a.len() {
        u.push(0);
    }
    while u.len() < a.len() + 1 {
        u.push(0);
    }
    let m = u.len() - n - 1;
    let mut q = vec![0u32; m + 1];
    let base = NBASE as i64;
    let vtop = v[n - 1] as i64;
    let vnext = v[n - 2] as i64;
    for j in (0..=m).rev() {
        let num = u[j + n] as i64 * base + u[j + n - 1] as i64;
        let mut qhat = num / vtop;
        let mut rhat = num % vtop;
        while qhat >= base || qhat * vnext > rhat * base + u[j + n - 2] as i64 {
            qhat -= 1;
            rhat += vtop;
            if rhat >= base {
                break;
            }
        }
        // Multiply and subtract.
        let mut borrow = 0i64;
        let mut carry = 0i64;
        for i in 0..n {
            let p = qhat * v[i] as i64 + carry;
            carry = p / base;
            let t = u[i + j] as i64 - (p % base) - borrow;
            if t < 0 {
                u[i + j] = (t + base) as u32;
                borrow = 1;
            } else {
                u[i + j] = t as u32;
                borrow = 0;
            }
        }
        let t = u[j + n] as i64 - carry - borrow;
        if t < 0 {
            u[j + n] = (t + base) as u32;
            // Add back.
            qhat -= 1;
            let mut c = 0u32;
            for i in 0..n {
                let s = u[i + j] + v[i] + c;
                if s >= NBASE {
                    u[i + j] = s - NBASE;
                    c = 1;
                } else {
                    u[i + j] = s;
                    c = 0;
                }
            }
            u[j + n] = (u[j + n] + c) % NBASE;
        } else {
            u[j + n] = t as u32;
        }
        q[j] = qhat as u32;
    }
    trim(&mut q);
    u.truncate(n);
    trim(&mut u);
    let (r, _) = divmod_small(&u, d);
    (q, r)
}

pub fn from_u128(mut v: u128) -> Mag {
    let mut r = Vec::new();
    while v > 0 {
        r.push((v % NBASE as u128) as u32);
        v /= NBASE as u128;
    }
    r
}

/// Value as u128 if it fits.
pub fn to_u128(a: &[u32]) -> Option<u128> {
    let mut v: u128 = 0;
    for &x in a.iter().rev() {
        v = v.checked_mul(NBASE as u128)?.checked_add(x as u128)?;
    }
    Some(v)
}

/// a * 10^k.
pub fn shl10(a: &[u32], k: u32) -> Mag {
    if a.is_empty() {
        return Vec::new();
    }
    let limbs = (k / 4) as usize;
    let mut r = vec![0u32; limbs];
    r.extend_from_slice(a);
    let rem = k % 4;
    if rem > 0 {
        r = mul_small(&r, POW10[rem as usize]);
    }
    r
}

/// Truncating a / 10^k.
pub fn shr10(a: &[u32], k: u32) -> Mag {
    let limbs = (k / 4) as usize;
    if limbs >= a.len() {
        return Vec::new();
    }
    let r = &a[limbs..];
    let rem = k % 4;
    if rem > 0 {
        divmod_small(r, POW10[rem as usize]).0
    } else {
        r.to_vec()
    }
}

/// The decimal digit at position `pos` (0 = units).
pub fn digit_at(a: &[u32], pos: u32) -> u32 {
    match a.get((pos / 4) as usize) {
        Some(&l) => (l / POW10[(pos % 4) as usize]) % 10,
        None => 0,
    }
}

/// True if any decimal digit below position `pos` is non-zero.
pub fn any_below(a: &[u32], pos: u32) -> bool {
    let limbs = (pos / 4) as usize;
    if a.iter().take(limbs).any(|&l| l != 0) {
        return true;
    }
    match a.get(limbs) {
        Some(&l) => l % POW10[(pos % 4) as usize] != 0,
        None => false,
    }
}

/// Number of decimal digits (0 for zero).
pub fn ndigits10(a: &[u32]) -> u32 {
    match a.last() {
        None => 0,
        Some(&top) => {
            let mut d = 1;
            while d < 4 && top >= POW10[d as usize] {
                d += 1;
            }
            (a.len() as u32 - 1) * 4 + d
        }
    }
}

/// Number of trailing decimal zeros (0 for zero).
pub fn trailing_zeros10(a: &[u32]) -> u32 {
    let mut n = 0;
    for &l in a {
        if l == 0 {
            n += 4;
            continue;
        }
        let mut x = l;
        while x % 10 == 0 {
            x /= 10;
            n += 1;
        }
        return n;
    }
    0
}

/// A signed decimal `(-1)^neg * mag * 10^exp`.
#[derive(Clone, Debug, Default)]
pub struct Dec {
    pub neg: bool,
    pub mag: Mag,
    pub exp: i32,
}

impl Dec {
    pub fn zero() -> Dec {
        Dec::default()
    }

    pub fn from_i128(v: i128) -> Dec {
        Dec {
            neg: v < 0,
            mag: from_u128(v.unsigned_abs()),
            exp: 0,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    pub fn negate(mut self) -> Dec {
        if !self.mag.is_empty() {
            self.neg = !self.neg;
        }
        self
    }

    pub fn abs(mut self) -> Dec {
        self.neg = false;
        self
    }

    /// Exponent of the most significant digit (value in [10^w, 10^(w+1))); None for zero.
    pub fn dweight(&self) -> Option<i32> {
        if self.mag.is_empty() {
            None
        } else {
            Some(self.exp + ndigits10(&self.mag) as i32 - 1)
        }
    }

    /// Rescale so that exp == e (e <= self.exp), exact.
    fn with_exp(&self, e: i32) -> Mag {
        if self.exp <= e {
            self.mag.clone()
        } else {
            shl10(&self.mag, (self.exp - e) as u32)
        }
    }

    pub fn cmp_abs(&self, o: &Dec) -> Ordering {
        match (self.dweight(), o.dweight()) {
            (None, None) => Ordering::Equal,
            (None, _) => Ordering::Less,
            (_, None) => Ordering::Greater,
            (Some(a), Some(b)) if a != b => a.cmp(&b),
            _ => {
                let e = self.exp.min(o.exp);
                cmp(&self.with_exp(e), &o.with_exp(e))
            }
        }
    }

    pub fn cmp_val(&self, o: &Dec) -> Ordering {
        let sa = if self.is_zero() {
            0
        } else if self.neg {
            -1
        } else {
            1
        };
        let sb = if o.is_zero() {
            0
        } else if o.neg {
            -1
        } else {
            1
        };
        if sa != sb {
            return sa.cmp(&sb);
        }
        let c = self.cmp_abs(o);
        if sa < 0 {
            c.reverse()
        } else {
            c
        }
    }

    pub fn add(&self, o: &Dec) -> Dec {
        if self.is_zero() {
            return Dec {
                exp: o.exp.min(self.exp),
                mag: o.with_exp(o.exp.min(self.exp)),
                neg: o.neg,
            };
        }
        if o.is_zero() {
            return self.clone();
        }
        let e = self.exp.min(o.exp);
        let a = self.with_exp(e);
        let b = o.with_exp(e);
        if self.neg == o.neg {
            Dec {
                neg: self.neg,
                mag: add(&a, &b),
                exp: e,
            }
        } else {
            match cmp(&a, &b) {
                Ordering::Equal => Dec {
                    neg: false,
                    mag: Vec::new(),
                    exp: e,
                },
                Ordering::Greater => Dec {
                    neg: self.neg,
                    mag: sub(&a, &b),
                    exp: e,
                },
                Ordering::Less => Dec {
                    neg: o.neg,
                    mag: sub(&b, &a),
                    exp: e,
                },
            }
        }
    }

    pub fn sub(&self, o: &Dec) -> Dec {
        self.add(&o.clone().negate())
    }

    pub fn mul(&self, o: &Dec) -> Dec {
        let mag = mul(&self.mag, &o.mag);
        Dec {
            neg: !mag.is_empty() && self.neg != o.neg,
            mag,
            exp: self.exp + o.exp,
        }
    }

    /// self / o rounded (half away from zero) or truncated to `scale` decimal places.
    /// `o` must be non-zero.
    pub fn div(&self, o: &Dec, scale: i32, round: bool) -> Dec {
        if o.is_zero() || self.is_zero() {
            return Dec {
                neg: false,
                mag: Vec::new(),
                exp: -scale,
            };
        }
        // q = |a| * 10^(ea - eb + scale + extra) / |b|
        let extra = if round { 1 } else { 0 };
        let t = self.exp - o.exp + scale + extra;
        let (num, den) = if t >= 0 {
            (shl10(&self.mag, t as u32), o.mag.clone())
        } else {
            (self.mag.clone(), shl10(&o.mag, (-t) as u32))
        };
        let (mut q, _) = divmod(&num, &den);
        if round {
            let (q2, r) = divmod_small(&q, 10);
            q = if r >= 5 { add_small(&q2, 1) } else { q2 };
        }
        Dec {
            neg: !q.is_empty() && self.neg != o.neg,
            mag: q,
            exp: -scale,
        }
    }

    /// Round half away from zero to `scale` decimal places (no-op when already coarser).
    pub fn round(&self, scale: i32) -> Dec {
        if self.exp >= -scale {
            return self.clone();
        }
        let k = (-scale - self.exp) as i64;
        if k > ndigits10(&self.mag) as i64 {
            return Dec {
                neg: false,
                mag: Vec::new(),
                exp: -scale,
            };
        }
        let k = k as u32;
        let up = digit_at(&self.mag, k - 1) >= 5;
        let mut q = shr10(&self.mag, k);
        if up {
            q = add_small(&q, 1);
        }
        Dec {
            neg: self.neg && !q.is_empty(),
            mag: q,
            exp: -scale,
        }
    }

    /// Truncate toward zero to `scale` decimal places.
    pub fn trunc(&self, scale: i32) -> Dec {
        if self.exp >= -scale {
            return self.clone();
        }
        let k = (-scale - self.exp) as i64;
        if k > ndigits10(&self.mag) as i64 {
            return Dec {
                neg: false,
                mag: Vec::new(),
                exp: -scale,
            };
        }
        let q = shr10(&self.mag, k as u32);
        Dec {
            neg: self.neg && !q.is_empty(),
            mag: q,
            exp: -scale,
        }
    }

    /// True if the value has a non-zero fractional part.
    pub fn has_fraction(&self) -> bool {
        self.exp < 0 && any_below(&self.mag, (-self.exp) as u32)
    }

    /// Round to `sig` significant digits.
    pub fn round_sig(&self, sig: i32) -> Dec {
        match self.dweight() {
            None => self.clone(),
            Some(w) => self.round(sig - 1 - w),
        }
    }

    /// Drop trailing zero digits of the coefficient (value unchanged).
    pub fn strip(mut self) -> Dec {
        let tz = trailing_zeros10(&self.mag);
        if tz > 0 {
            self.mag = shr10(&self.mag, tz);
            self.exp += tz as i32;
        }
        if self.mag.is_empty() {
            self.neg = false;
            self.exp = 0;
        }
        self
    }

    /// Integer value if it fits in i128 (fraction truncated).
    pub fn to_i128_trunc(&self) -> Option<i128> {
        let t = self.trunc(0);
        let m = if t.exp > 0 {
            if t.exp > 40 && !t.mag.is_empty() {
                return None;
            }
            shl10(&t.mag, t.exp as u32)
        } else {
            t.mag
        };
        let v = to_u128(&m)?;
        if v > i128::MAX as u128 {
            return None;
        }
        Some(if t.neg { -(v as i128) } else { v as i128 })
    }

    /// Approximate value as f64.
    pub fn to_f64(&self) -> f64 {
        if self.mag.is_empty() {
            return 0.0;
        }
        // Take up to 20 significant digits.
        let nd = ndigits10(&self.mag);
        let drop = nd.saturating_sub(20);
        let top = to_u128(&shr10(&self.mag, drop)).unwrap_or(0) as f64;
        let e = self.exp as i64 + drop as i64;
        let s = format!("{}e{}", top, e);
        let v: f64 = s.parse().unwrap_or(0.0);
        if self.neg {
            -v
        } else {
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_division() {
        let a = from_u128(123_456_789_012_345_678_901_234_567_890);
        let b = from_u128(987_654_321_098_765);
        let (q, r) = divmod(&a, &b);
        assert_eq!(
            to_u128(&q),
            Some(123_456_789_012_345_678_901_234_567_890 / 987_654_321_098_765)
        );
        assert_eq!(
            to_u128(&r),
            Some(123_456_789_012_345_678_901_234_567_890 % 987_654_321_098_765)
        );
        for (x, y) in [
            (99_999_999u128, 10_000u128),
            (100_000_000_000, 99_990_001),
            (u64::MAX as u128 * 7, 3_000_000_019),
        ] {
            let (q, r) = divmod(&from_u128(x), &from_u128(y));
            assert_eq!(to_u128(&q), Some(x / y));
            assert_eq!(to_u128(&r), Some(x % y));
        }
    }
}
