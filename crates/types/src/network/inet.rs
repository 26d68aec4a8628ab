//! The inet/cidr value: parsing with PostgreSQL's (BIND-derived) rules, including classful
//! cidr widths and the IPv6 `::` and embedded-IPv4 forms, and formatting as inet_net_ntop and
//! inet_cidr_ntop do.

use common::{pg_err, PgError, PgResult};
use std::cmp::Ordering;

/// PostgreSQL's on-disk family codes.
pub const PGSQL_AF_INET: u8 = 2;
pub const PGSQL_AF_INET6: u8 = 3;

/// An inet or cidr value (which one is decided by the SQL type, as in PostgreSQL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inet {
    /// true for IPv6.
    pub v6: bool,
    /// Mask length.
    pub bits: u8,
    /// Address bytes; only the first 4 are used for IPv4.
    pub addr: [u8; 16],
}

impl Inet {
    pub fn nbytes(&self) -> usize {
        if self.v6 {
            16
        } else {
            4
        }
    }
    pub fn width(&self) -> u32 {
        if self.v6 {
            128
        } else {
            32
        }
    }
    pub fn family_code(&self) -> u8 {
        if self.v6 {
            PGSQL_AF_INET6
        } else {
            PGSQL_AF_INET
        }
    }
    /// The address as an unsigned integer of `width()` bits.
    pub fn val(&self) -> u128 {
        self.addr[..self.nbytes()]
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | *b as u128)
    }
    pub fn with_val(v6: bool, bits: u8, v: u128) -> Inet {
        let mut addr = [0u8; 16];
        let n = if v6 { 16 } else { 4 };
        for (i, slot) in addr[..n].iter_mut().enumerate() {
            *slot = (v >> (8 * (n - 1 - i))) as u8;
        }
        Inet { v6, bits, addr }
    }
    /// All ones in the family's width.
    pub fn all_ones(&self) -> u128 {
        u128::MAX >> (128 - self.width())
    }
    /// Network mask of `n` bits in the family's width.
    pub fn mask(&self, n: u32) -> u128 {
        if n == 0 {
            0
        } else {
            self.all_ones() & !((1u128 << (self.width() - n)) - 1)
        }
    }
    /// The first `n` bits of the address.
    pub fn prefix(&self, n: u32) -> u128 {
        if n == 0 {
            0
        } else {
            self.val() >> (self.width() - n)
        }
    }

    /// Storage payload: family code, bits, address bytes.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(2 + self.nbytes());
        v.push(self.family_code());
        v.push(self.bits);
        v.extend_from_slice(&self.addr[..self.nbytes()]);
        v
    }

    pub fn from_payload(b: &[u8]) -> PgResult<Inet> {
        let bad = || PgError::internal("corrupt inet value");
        let (fam, rest) = b.split_first().ok_or_else(bad)?;
        let (bits, addr) = rest.split_first().ok_or_else(bad)?;
        let v6 = match *fam {
            PGSQL_AF_INET => false,
            PGSQL_AF_INET6 => true,
            _ => return Err(bad()),
        };
        let n = if v6 { 16 } else { 4 };
        if addr.len() != n || *bits as u32 > n as u32 * 8 {
            return Err(bad());
        }
        let mut a = [0u8; 16];
        a[..n].copy_from_slice(addr);
        Ok(Inet {
            v6,
            bits: *bits,
            addr: a,
        })
    }

    /// True when no bits are set to the right of the mask (a valid cidr).
    pub fn address_ok(&self) -> bool {
        self.val() & !self.mask(self.bits as u32) & self.all_ones() == 0
    }
}

/// PostgreSQL's network_cmp ordering.
pub fn network_cmp(a: &Inet, b: &Inet) -> Ordering {
    if a.v6 != b.v6 {
        return a.v6.cmp(&b.v6);
    }
    let n = a.bits.min(b.bits) as u32;
    a.prefix(n)
        .cmp(&b.prefix(n))
        .then(a.bits.cmp(&b.bits))
        .then_with(|| a.val().cmp(&b.val()))
}

/// Number of leading bits `a` and `b` share, at most `n`.
pub fn common_bits(a: &Inet, b: &Inet, n: u32) -> u32 {
    let x = (a.val() ^ b.val()) << (128 - a.width());
    (x.leading_zeros()).min(n)
}

fn digits_val(b: &[u8], i: &mut usize) -> Option<u32> {
    let start = *i;
    let mut v: u32 = 0;
    while *i < b.len() && b[*i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add((b[*i] - b'0') as u32);
        *i += 1;
    }
    (*i > start).then_some(v)
}

/// inet_net_pton for IPv4 in inet mode; returns (bytes, bits) or None when malformed.
fn parse_v4_inet(s: &[u8]) -> Option<([u8; 4], u32)> {
    let digit = |c: Option<u8>| c.filter(u8::is_ascii_digit).map(|c| (c - b'0') as u32);
    let mut out = [0u8; 4];
    let mut n = 0usize;
    let mut i = 0usize;
    let mut ch;
    loop {
        ch = s.get(i).copied();
        i += 1;
        let Some(mut d) = digit(ch) else { break };
        let mut tmp: u32 = 0;
        loop {
            tmp = tmp * 10 + d;
            if tmp > 255 {
                return None;
            }
            ch = s.get(i).copied();
            i += 1;
            match digit(ch) {
                Some(x) => d = x,
                None => break,
            }
        }
        if n == 4 {
            return None;
        }
        out[n] = tmp as u8;
        n += 1;
        match ch {
            None | Some(b'/') => break,
            Some(b'.') => {}
            Some(_) => return None,
        }
    }
    let mut bits: Option<u32> = None;
    if ch == Some(b'/') && digit(s.get(i).copied()).is_some() && n > 0 {
        let mut v: u32 = 0;
        loop {
            ch = s.get(i).copied();
            i += 1;
            match digit(ch) {
                Some(d) => v = v.saturating_mul(10).saturating_add(d),
                None => break,
            }
        }
        if ch.is_some() || v > 32 {
            return None;
        }
        bits = Some(v);
    }
    if ch.is_some() {
        return None;
    }
    let bits = match bits {
        Some(b) => b,
        None if n == 4 => 32,
        None => return None,
    };
    if n == 0 || (bits / 8) as usize > n {
        return None;
    }
    Some((out, bits))
}

/// inet_cidr_pton for IPv4 (cidr mode, classful default widths, hex form).
fn parse_v4_cidr(s: &[u8]) -> Option<([u8; 4], u32)> {
    let mut out = [0u8; 4];
    let mut n = 0usize;
    let mut i = 0usize;
    let first = *s.first()?;
    if first == b'0'
        && matches!(s.get(1), Some(b'x') | Some(b'X'))
        && s.get(2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i = 2;
        let mut dirty = 0;
        let mut tmp = 0u8;
        while i < s.len() && s[i].is_ascii_hexdigit() {
            let d = (s[i] as char).to_digit(16)? as u8;
            tmp = if dirty == 0 { d } else { (tmp << 4) | d };
            dirty += 1;
            if dirty == 2 {
                if n == 4 {
                    return None;
                }
                out[n] = tmp;
                n += 1;
                dirty = 0;
            }
            i += 1;
        }
        if dirty == 1 {
            if n == 4 {
                return None;
            }
            out[n] = tmp << 4;
            n += 1;
        }
    } else if first.is_ascii_digit() {
        loop {
            let mut tmp: u32 = 0;
            while i < s.len() && s[i].is_ascii_digit() {
                tmp = tmp * 10 + (s[i] - b'0') as u32;
                if tmp > 255 {
                    return None;
                }
                i += 1;
            }
            if n == 4 {
                return None;
            }
            out[n] = tmp as u8;
            n += 1;
            match s.get(i) {
                None | Some(b'/') => break,
                Some(b'.') => {
                    i += 1;
                    if !s.get(i).is_some_and(|c| c.is_ascii_digit()) {
                        return None;
                    }
                }
                Some(_) => return None,
            }
        }
    } else {
        return None;
    }
    let mut bits: Option<u32> = None;
    if s.get(i) == Some(&b'/') && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()) && n > 0 {
        i += 1;
        let v = digits_val(s, &mut i)?;
        if i != s.len() || v > 32 {
            return None;
        }
        bits = Some(v);
    }
    if i != s.len() || n == 0 {
        return None;
    }
    let bits = match bits {
        Some(b) => b,
        None => {
            let o = out[0];
            let mut b = if o >= 240 {
                32
            } else if o >= 224 {
                8
            } else if o >= 192 {
                24
            } else if o >= 128 {
                16
            } else {
                8
            };
            if b < n as u32 * 8 {
                b = n as u32 * 8;
            }
            if b == 8 && o == 224 {
                b = 4;
            }
            b
        }
    };
    Some((out, bits))
}

/// getbits: a decimal mask length 0..=128 without leading zeros.
fn get_bits(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut v = 0u32;
    for (k, c) in s.iter().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        if k != 0 && v == 0 {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
        if v > 128 {
            return None;
        }
    }
    Some(v)
}

/// getv4: dotted IPv4 tail of an IPv6 address, optionally followed by /bits.
fn get_v4(s: &[u8], dst: &mut [u8], bits: &mut Option<u32>) -> bool {
    let mut val: u32 = 0;
    let mut n = 0;
    let mut k = 0usize;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() {
            if n != 0 && val == 0 {
                return false;
            }
            n += 1;
            val = val * 10 + (c - b'0') as u32;
            if val > 255 {
                return false;
            }
            continue;
        }
        if c == b'.' || c == b'/' {
            if k > 3 {
                return false;
            }
            dst[k] = val as u8;
            k += 1;
            if c == b'/' {
                match get_bits(&s[i..]) {
                    Some(b) => {
                        *bits = Some(b);
                        return true;
                    }
                    None => return false,
                }
            }
            val = 0;
            n = 0;
            continue;
        }
        return false;
    }
    if k > 3 {
        return false;
    }
    dst[k] = val as u8;
    true
}

/// inet_cidr_pton_ipv6; `Err(())` when malformed.
fn parse_v6(s: &[u8]) -> Result<([u8; 16], u32), ()> {
    let mut tmp = [0u8; 16];
    let mut tp = 0usize;
    let mut colonp: Option<usize> = None;
    let mut i = 0usize;
    if s.first() == Some(&b':') {
        if s.get(1) != Some(&b':') {
            return Err(());
        }
        i = 1;
    }
    let mut curtok = i;
    let mut saw_xdigit = false;
    let mut val: u32 = 0;
    let mut digits = 0;
    let mut bits: Option<u32> = None;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if let Some(d) = (c as char).to_digit(16) {
            val = (val << 4) | d;
            digits += 1;
            if digits > 4 {
                return Err(());
            }
            saw_xdigit = true;
            continue;
        }
        if c == b':' {
            curtok = i;
            if !saw_xdigit {
                if colonp.is_some() {
                    return Err(());
                }
                colonp = Some(tp);
                continue;
            } else if i >= s.len() {
                return Err(());
            }
            if tp + 2 > 16 {
                // BIND quirk: too many groups yields a zero /0 value
                return Ok(([0u8; 16], 0));
            }
            tmp[tp] = (val >> 8) as u8;
            tmp[tp + 1] = val as u8;
            tp += 2;
            saw_xdigit = false;
            digits = 0;
            val = 0;
            continue;
        }
        if c == b'.' && tp + 4 <= 16 && get_v4(&s[curtok..], &mut tmp[tp..tp + 4], &mut bits) {
            tp += 4;
            saw_xdigit = false;
            break;
        }
        if c == b'/' {
            if let Some(b) = get_bits(&s[i..]) {
                bits = Some(b);
                break;
            }
        }
        return Err(());
    }
    if saw_xdigit {
        if tp + 2 > 16 {
            return Err(());
        }
        tmp[tp] = (val >> 8) as u8;
        tmp[tp + 1] = val as u8;
        tp += 2;
    }
    let bits = bits.unwrap_or(128);
    if let Some(cp) = colonp {
        if tp == 16 {
            return Err(());
        }
        let n = tp - cp;
        for k in 1..=n {
            tmp[16 - k] = tmp[cp + n - k];
            tmp[cp + n - k] = 0;
        }
        tp = 16;
    }
    if tp != 16 {
        return Err(());
    }
    Ok((tmp, bits))
}

/// network_in: parse inet (`is_cidr` false) or cidr text.
pub fn parse_inet(s: &str, is_cidr: bool) -> PgResult<Inet> {
    let tname = if is_cidr { "cidr" } else { "inet" };
    let bad = || {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type {}: \"{}\"",
            tname,
            s
        )
    };
    let b = s.as_bytes();
    let v6 = b.contains(&b':');
    let r = if v6 {
        let (addr, bits) = parse_v6(b).map_err(|_| bad())?;
        Inet {
            v6: true,
            bits: bits as u8,
            addr,
        }
    } else {
        let (a4, bits) = if is_cidr {
            parse_v4_cidr(b)
        } else {
            parse_v4_inet(b)
        }
        .ok_or_else(bad)?;
        let mut addr = [0u8; 16];
        addr[..4].copy_from_slice(&a4);
        Inet {
            v6: false,
            bits: bits as u8,
            addr,
        }
    };
    if r.bits as u32 > r.width() {
        return Err(bad());
    }
    if is_cidr && !r.address_ok() {
        return Err(
            pg_err!(INVALID_TEXT_REPRESENTATION, "invalid cidr value: \"{}\"", s)
                .with_detail("Value has bits set to right of mask."),
        );
    }
    Ok(r)
}

fn fmt_v4(a: &[u8]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

/// IPv6 text as inet_net_ntop prints it (longest zero run as `::`, embedded IPv4 forms).
fn fmt_v6(a: &[u8; 16]) -> String {
    let words: Vec<u32> = (0..8)
        .map(|i| ((a[2 * i] as u32) << 8) | a[2 * i + 1] as u32)
        .collect();
    // longest run of zero words (first one wins ties), only if at least 2 long
    let (mut best_base, mut best_len) = (None::<usize>, 0usize);
    let mut cur: Option<(usize, usize)> = None;
    for (i, w) in words.iter().enumerate() {
        if *w == 0 {
            cur = Some(match cur {
                None => (i, 1),
                Some((b, l)) => (b, l + 1),
            });
        } else if let Some((b, l)) = cur.take() {
            if best_base.is_none() || l > best_len {
                best_base = Some(b);
                best_len = l;
            }
        }
    }
    if let Some((b, l)) = cur {
        if best_base.is_none() || l > best_len {
            best_base = Some(b);
            best_len = l;
        }
    }
    if best_len < 2 {
        best_base = None;
    }
    let mut out = String::new();
    let in_run = |i: usize| best_base.is_some_and(|b| i >= b && i < b + best_len);
    for i in 0..8 {
        if in_run(i) {
            if best_base == Some(i) {
                out.push(':');
            }
            continue;
        }
        if i != 0 {
            out.push(':');
        }
        if i == 6
            && best_base == Some(0)
            && (best_len == 6
                || (best_len == 7 && words[7] != 1)
                || (best_len == 5 && words[5] == 0xffff))
        {
            out.push_str(&fmt_v4(&a[12..16]));
            break;
        }
        out.push_str(&format!("{:x}", words[i]));
    }
    if best_base.is_some_and(|b| b + best_len == 8) {
        out.push(':');
    }
    out
}

/// The address alone (host()).
pub fn format_addr(v: &Inet) -> String {
    if v.v6 {
        fmt_v6(&v.addr)
    } else {
        fmt_v4(&v.addr[..4])
    }
}

/// inet/cidr output: the address, then `/bits` unless a full-length inet mask.
pub fn format_inet(v: &Inet, is_cidr: bool) -> String {
    let mut s = format_addr(v);
    if is_cidr || v.bits as u32 != v.width() {
        s.push_str(&format!("/{}", v.bits));
    }
    s
}

/// inet_cidr_ntop: abbreviated cidr display (`10.1/16`).
pub fn format_cidr_abbrev(v: &Inet) -> String {
    let bits = v.bits as u32;
    if !v.v6 {
        let mut out = String::new();
        if bits == 0 {
            out.push('0');
        }
        let whole = (bits / 8) as usize;
        for (k, byte) in v.addr[..whole].iter().enumerate() {
            out.push_str(&byte.to_string());
            if k + 1 < whole {
                out.push('.');
            }
        }
        let b = bits % 8;
        if b > 0 {
            if !out.is_empty() {
                out.push('.');
            }
            let m = (0xFFu32 << (8 - b)) as u8;
            out.push_str(&(v.addr[whole] & m).to_string());
        }
        out.push_str(&format!("/{bits}"));
        return out;
    }
    let mut out = String::new();
    if bits == 0 {
        out.push_str("::");
    } else {
        let mut s = [0u8; 16];
        let p = bits.div_ceil(8) as usize;
        s[..p].copy_from_slice(&v.addr[..p]);
        let b = bits % 8;
        if b != 0 {
            s[p - 1] &= (0xFFu32 << (8 - b)) as u8;
        }
        let mut words = bits.div_ceil(16) as usize;
        if words == 1 {
            words = 2;
        }
        let (mut zero_s, mut zero_l, mut tmp_s, mut tmp_l) = (0usize, 0usize, 0usize, 0usize);
        for i in (0..words * 2).step_by(2) {
            if s[i] | s[i + 1] == 0 {
                if tmp_l == 0 {
                    tmp_s = i / 2;
                }
                tmp_l += 1;
            } else if tmp_l != 0 && zero_l < tmp_l {
                zero_s = tmp_s;
                zero_l = tmp_l;
                tmp_l = 0;
            }
        }
        if tmp_l != 0 && zero_l < tmp_l {
            zero_s = tmp_s;
            zero_l = tmp_l;
        }
        let is_ipv4 = zero_l != words
            && zero_s == 0
            && (zero_l == 6
                || (zero_l == 5 && s[10] == 0xff && s[11] == 0xff)
                || (zero_l == 7 && s[14] != 0 && s[15] != 1));
        let mut k = 0usize;
        for p in 0..words {
            if zero_l != 0 && p >= zero_s && p < zero_s + zero_l {
                if p == zero_s {
                    out.push(':');
                }
                if p == words - 1 {
                    out.push(':');
                }
                k += 2;
                continue;
            }
            if is_ipv4 && p > 5 {
                out.push(if p == 6 { ':' } else { '.' });
                out.push_str(&s[k].to_string());
                k += 1;
                if p != 7 || bits > 120 {
                    out.push('.');
                    out.push_str(&s[k].to_string());
                    k += 1;
                }
            } else {
                if !out.is_empty() {
                    out.push(':');
                }
                out.push_str(&format!("{:x}", (s[k] as u32) * 256 + s[k + 1] as u32));
                k += 2;
            }
        }
    }
    out.push_str(&format!("/{bits}"));
    out
}
