//! Square root, exponential, logarithms and powers of `Dec` values at a requested precision
//! (correctly rounded in all but pathological cases, matching PostgreSQL's results).

use super::mag::{self, Dec};
use common::{pg_err, PgResult};

fn one() -> Dec {
    Dec::from_i128(1)
}

/// floor(sqrt(n)) for a non-negative integer magnitude.
fn isqrt(n: &[u32]) -> mag::Mag {
    if n.is_empty() {
        return Vec::new();
    }
    let nd = mag::ndigits10(n);
    // Initial estimate from the leading digits, rounded up to be >= the true root.
    let mut shift = nd.saturating_sub(30);
    if shift % 2 == 1 {
        shift -= 1;
    }
    let top = mag::to_u128(&mag::shr10(n, shift)).unwrap_or(0) as f64;
    let est = top.sqrt() * (1.0 + 1e-12) + 2.0;
    let est_m = mag::from_u128(est as u128);
    let mut y = mag::shl10(&est_m, shift / 2);
    if y.is_empty() {
        y = vec![1];
    }
    loop {
        let (q, _) = mag::divmod(n, &y);
        let s = mag::add(&y, &q);
        let (next, _) = mag::divmod_small(&s, 2);
        if mag::cmp(&next, &y) != std::cmp::Ordering::Less {
            return y;
        }
        y = next;
    }
}

/// sqrt(x) rounded (half up) to `scale` decimal places; x >= 0.
pub fn sqrt(x: &Dec, scale: i32) -> Dec {
    if x.is_zero() {
        return Dec {
            neg: false,
            mag: Vec::new(),
            exp: -scale,
        };
    }
    // N = x * 10^(2s) as an integer, s = scale + 1.
    let s = scale + 1;
    let e2 = x.exp + 2 * s;
    let n = if e2 >= 0 {
        mag::shl10(&x.mag, e2 as u32)
    } else {
        mag::shr10(&x.mag, (-e2) as u32)
    };
    let y = isqrt(&n);
    Dec {
        neg: false,
        mag: y,
        exp: -s,
    }
    .round(scale)
}

/// sqrt to `sig` significant digits (relative precision).
fn sqrt_sig(x: &Dec, sig: i32) -> Dec {
    let w = x.dweight().unwrap_or(0);
    let rw = w.div_euclid(2);
    sqrt(x, sig - rw + 1)
}

/// PostgreSQL's estimate of the decimal weight of ln(x), x > 0.
pub fn estimate_ln_dweight(x: &Dec) -> i32 {
    let lo = Dec {
        neg: false,
        mag: vec![9],
        exp: -1,
    };
    let hi = Dec {
        neg: false,
        mag: vec![11],
        exp: -1,
    };
    if x.cmp_val(&lo).is_ge() && x.cmp_val(&hi).is_le() {
        let d = x.sub(&one());
        d.dweight().unwrap_or_default()
    } else {
        let v = x.to_f64();
        let ln = if v.is_finite() && v > 0.0 {
            v.ln()
        } else {
            // Use the decimal weight.
            let w = x.dweight().unwrap_or(0) as f64;
            w * std::f64::consts::LN_10
        };
        ln.abs().log10() as i32
    }
}

/// ln(x) for x in a modest range, with absolute error well below 10^-scale.
fn ln_core(x: &Dec, scale: i32) -> Dec {
    let work0 = scale + 8;
    let near = Dec {
        neg: false,
        mag: vec![1],
        exp: -2,
    };
    let mut m = x.clone();
    let mut n = 0i32;
    // Each sqrt halves ln(m); about 10 are needed from the range [0.1, 10].
    let work = work0 + 4;
    while m.sub(&one()).cmp_abs(&near).is_gt() && n < 60 {
        m = sqrt_sig(&m, work + 2);
        n += 1;
    }
    // ln(m) = 2 atanh(z), z = (m-1)/(m+1)
    let z = m.sub(&one()).div(&m.add(&one()), work, true);
    let z2 = z.mul(&z).round(work);
    let mut term = z.clone();
    let mut sum = z.clone();
    let mut k = 1i128;
    loop {
        term = term.mul(&z2).round(work);
        k += 2;
        let t = term.div(&Dec::from_i128(k), work, true);
        if t.is_zero() {
            break;
        }
        sum = sum.add(&t);
    }
    let factor = Dec::from_i128(1i128 << (n + 1).min(120));
    sum.mul(&factor)
}

/// ln(x), x > 0, with absolute error well below 10^-scale.
pub fn ln(x: &Dec, scale: i32) -> Dec {
    let w = x.dweight().unwrap_or(0);
    if w == 0 || w == -1 {
        return ln_core(x, scale);
    }
    // x = m * 10^w with m in [1, 10).
    let kdig = (w.unsigned_abs() as f64).log10().ceil() as i32 + 2;
    let m = Dec {
        neg: false,
        mag: x.mag.clone(),
        exp: x.exp - w,
    };
    let lnm = ln_core(&m, scale + 2);
    let ln10 = ln_core(&Dec::from_i128(10), scale + kdig + 2);
    lnm.add(&ln10.mul(&Dec::from_i128(w as i128)))
}

/// ln(x) rounded to `rscale` (x > 0).
pub fn ln_rounded(x: &Dec, rscale: i32) -> Dec {
    ln(x, rscale + 4).round(rscale)
}

/// exp(x) for x >= 0 with relative error well below 10^-sig.
fn exp_sig(x: &Dec, sig: i32) -> Dec {
    let v = x.to_f64();
    let mut n = 0i32;
    if v > 0.01 {
        n = ((v / 0.01).log2().ceil() as i32).max(0);
    }
    let guard = (n as f64 * 0.302).ceil() as i32 + 8;
    let work = sig + guard;
    let mut y = x.clone();
    if n > 0 {
        y = y.div(&Dec::from_i128(1i128 << n.min(120)), work + 2, true);
    }
    // Taylor series.
    let mut sum = one().add(&y);
    let mut term = y.clone();
    let mut k = 1i128;
    loop {
        k += 1;
        term = term.mul(&y).div(&Dec::from_i128(k), work + 2, true);
        if term.is_zero() {
            break;
        }
        sum = sum.add(&term);
    }
    let mut r = sum.round_sig(work);
    for _ in 0..n {
        r = r.mul(&r).round_sig(work);
    }
    r
}

/// exp(x) rounded to `rscale` decimal places.
pub fn exp(x: &Dec, rscale: i32) -> PgResult<Dec> {
    let v = x.to_f64();
    if v.abs() >= 6000.0 {
        return Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "value overflows numeric format"
        ));
    }
    if x.is_zero() {
        return Ok(one().round(rscale));
    }
    let dw = (v * std::f64::consts::LOG10_E).floor() as i32;
    if !x.neg {
        let e = exp_sig(x, rscale + dw + 4);
        Ok(e.round(rscale))
    } else {
        let sig = rscale + dw + 4;
        if sig <= 0 {
            return Ok(Dec {
                neg: false,
                mag: Vec::new(),
                exp: -rscale,
            });
        }
        let e = exp_sig(&x.clone().abs(), sig + 2);
        Ok(one().div(&e, rscale, true))
    }
}

/// base ^ exp for an integer exponent, rounded to `rscale` (PostgreSQL's power_var_int rules).
pub fn power_int(base: &Dec, e: i64, rscale: i32) -> PgResult<Dec> {
    match e {
        0 => return Ok(one().round(rscale)),
        1 => return Ok(base.round(rscale)),
        -1 => {
            if base.is_zero() {
                return Err(pg_err!(DIVISION_BY_ZERO, "division by zero"));
            }
            return Ok(one().div(base, rscale, true));
        }
        2 => return Ok(base.mul(base).round(rscale)),
        _ => {}
    }
    if base.is_zero() {
        if e < 0 {
            return Err(pg_err!(DIVISION_BY_ZERO, "division by zero"));
        }
        return Ok(Dec {
            neg: false,
            mag: Vec::new(),
            exp: -rscale,
        });
    }
    // log10 of the result, approximately.
    let w = base.dweight().unwrap_or(0);
    let lead = Dec {
        neg: false,
        mag: base.mag.clone(),
        exp: base.exp - w,
    }
    .to_f64();
    let f = e as f64 * (lead.log10() + w as f64);
    if f > 3.0 * 32767.0 * 4.0 {
        return Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "value overflows numeric format"
        ));
    }
    if f + 1.0 < -(rscale as f64) || f + 1.0 < -1000.0 {
        return Ok(Dec {
            neg: false,
            mag: Vec::new(),
            exp: -rscale,
        });
    }
    let sig = 1 + rscale + f as i32 + ((e.unsigned_abs() as f64).ln() as i32) + 8;
    let sig = sig.max(8);
    let mut k = e.unsigned_abs();
    let mut acc = one();
    let mut p = base.clone();
    loop {
        if k & 1 == 1 {
            acc = acc.mul(&p).round_sig(sig);
        }
        k >>= 1;
        if k == 0 {
            break;
        }
        p = p.mul(&p).round_sig(sig);
        if p.dweight().unwrap_or(0) > 32767 * 4 * 2 {
            return Err(pg_err!(
                NUMERIC_VALUE_OUT_OF_RANGE,
                "value overflows numeric format"
            ));
        }
    }
    if e < 0 {
        Ok(one().div(&acc, rscale, true))
    } else {
        Ok(acc.round(rscale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        let n = crate::numeric::Numeric::parse(s).unwrap_or_default();
        n.to_dec()
    }

    #[test]
    fn isqrt_works() {
        assert_eq!(mag::to_u128(&isqrt(&mag::from_u128(1_000_000))), Some(1000));
        assert_eq!(mag::to_u128(&isqrt(&mag::from_u128(999_999))), Some(999));
    }

    #[test]
    fn ln_and_exp() {
        let l = ln_rounded(&d("2"), 20);
        assert_eq!(
            crate::numeric::Numeric::from_dec(&l, 20).to_string(),
            "0.69314718055994530942"
        );
        let e = exp(&d("1"), 20).unwrap_or_default();
        assert_eq!(
            crate::numeric::Numeric::from_dec(&e, 20).to_string(),
            "2.71828182845904523536"
        );
    }
}
