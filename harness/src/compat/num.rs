//! Exact decimal numbers for schema bounds (`minimum`, `maximum`, integer
//! widths up to u128 and beyond): parsed from JSON number text, compared
//! without floating point, printed canonically.

use num_bigint::BigInt;
use num_bigint::Sign;
use std::cmp::Ordering;

/// Most decimal digits a number is expanded to for exact arithmetic.
const MAX_SCALE: i64 = 400;
use std::fmt;

/// A finite decimal `(-1)^neg * digits * 10^exp`; zero has no digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dec {
    neg: bool,
    /// Significant digits, no leading or trailing zeros.
    digits: Vec<u8>,
    exp: i64,
}

impl Dec {
    /// Parses JSON number text (`-12`, `0.5`, `1e3`, `2.50E-1`).
    pub fn parse(text: &str) -> Option<Dec> {
        let (neg, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp_text) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.split_once('.') {
            Some((i, f)) => (i, f),
            None => (mantissa, ""),
        };
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        if mantissa.contains('.') && frac.is_empty() {
            return None;
        }
        let mut exp: i64 = match exp_text {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                e.parse::<i64>()
                    .ok()
                    .filter(|v| v.unsigned_abs() < 1 << 40)?
            }
        };
        exp -= frac.len() as i64;
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let lead = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..lead);
        while digits.last() == Some(&0) {
            digits.pop();
            exp += 1;
        }
        if digits.is_empty() {
            return Some(Dec {
                neg: false,
                digits,
                exp: 0,
            });
        }
        Some(Dec { neg, digits, exp })
    }

    /// 2^bits as decimal text, by decimal doubling (exact for any width).
    fn power_of_two(bits: u32) -> String {
        let mut little_endian = vec![1u8];
        for _ in 0..bits {
            let mut carry = 0;
            for d in little_endian.iter_mut() {
                let v = *d * 2 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                little_endian.push(carry);
            }
        }
        little_endian
            .iter()
            .rev()
            .map(|d| char::from(b'0' + d))
            .collect()
    }

    /// The largest value of an unsigned width of `bits` bits (2^bits - 1).
    pub fn unsigned_max(bits: u32) -> Dec {
        let mut text = Dec::power_of_two(bits).into_bytes();
        // 2^bits ends in 2, 4, 6 or 8 for bits > 0 (and is 1 for 0): subtracting
        // one from the last digit never borrows.
        if let Some(last) = text.last_mut() {
            *last -= 1;
        }
        Dec::parse(&String::from_utf8_lossy(&text)).unwrap_or_else(Dec::zero)
    }

    /// The smallest value of a signed width of `bits` bits (-2^(bits-1)).
    pub fn signed_min(bits: u32) -> Dec {
        Dec::parse(&format!("-{}", Dec::power_of_two(bits.saturating_sub(1))))
            .unwrap_or_else(Dec::zero)
    }

    pub fn zero() -> Dec {
        Dec {
            neg: false,
            digits: Vec::new(),
            exp: 0,
        }
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// The value as `mantissa * 10^exp` with the given (lower or equal)
    /// exponent, as a big integer; `None` when that would take more than
    /// [`MAX_SCALE`] digits (the gate then leaves the number as it is).
    fn scaled(&self, exp: i64) -> Option<BigInt> {
        let shift = self
            .exp
            .checked_sub(exp)
            .filter(|s| (0..=MAX_SCALE).contains(s))?;
        let text: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let magnitude = if text.is_empty() {
            BigInt::from(0)
        } else {
            BigInt::parse_bytes(text.as_bytes(), 10)? * BigInt::from(10).pow(shift as u32)
        };
        Some(if self.neg { -magnitude } else { magnitude })
    }

    fn from_bigint(value: &BigInt) -> Option<Dec> {
        Dec::parse(&value.to_string())
    }

    /// The smallest integer at or above the value (`None`: too large to compute).
    pub fn ceil(&self) -> Option<Dec> {
        self.round(true)
    }

    /// The largest integer at or below the value.
    pub fn floor(&self) -> Option<Dec> {
        self.round(false)
    }

    fn round(&self, up: bool) -> Option<Dec> {
        if self.is_integer() {
            return Some(self.clone());
        }
        let frac = -self.exp;
        if frac > MAX_SCALE {
            return None;
        }
        let whole = self.scaled(self.exp)?;
        let unit = BigInt::from(10).pow(frac as u32);
        // Division truncates toward zero; step away from it when needed.
        let mut q = &whole / &unit;
        if up && !self.neg {
            q += 1;
        } else if !up && self.neg {
            q -= 1;
        }
        Dec::from_bigint(&q)
    }

    /// The integer plus `step` (`None` when not an integer or too large).
    pub fn add_int(&self, step: i64) -> Option<Dec> {
        if !self.is_integer() {
            return None;
        }
        Dec::from_bigint(&(self.scaled(0)? + step))
    }

    /// Whether the value is an integer multiple of `other` (`None`: `other`
    /// is zero, or the numbers are too far apart to compute).
    pub fn is_multiple_of(&self, other: &Dec) -> Option<bool> {
        if other.digits.is_empty() {
            return None;
        }
        let exp = self.exp.min(other.exp);
        let (a, b) = (self.scaled(exp)?, other.scaled(exp)?);
        Some((a % b).sign() == Sign::NoSign)
    }

    fn cmp_magnitude(&self, other: &Dec) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        // Position of the most significant digit.
        let top = |d: &Dec| d.digits.len() as i64 + d.exp;
        top(self).cmp(&top(other)).then_with(|| {
            let n = self.digits.len().max(other.digits.len());
            (0..n)
                .map(|i| {
                    let a = self.digits.get(i).copied().unwrap_or(0);
                    let b = other.digits.get(i).copied().unwrap_or(0);
                    a.cmp(&b)
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    }
}

impl Ord for Dec {
    fn cmp(&self, other: &Dec) -> Ordering {
        match (self.neg, other.neg) {
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Dec) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.digits.is_empty() {
            return f.write_str("0");
        }
        if self.neg {
            f.write_str("-")?;
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        if self.exp >= 0 {
            if self.exp > 40 {
                return write!(f, "{digits}e{}", self.exp);
            }
            write!(f, "{digits}{}", "0".repeat(self.exp as usize))
        } else {
            let point = digits.len() as i64 + self.exp;
            if point > 0 {
                let (a, b) = digits.split_at(point as usize);
                write!(f, "{a}.{b}")
            } else if point > -40 {
                write!(f, "0.{}{digits}", "0".repeat((-point) as usize))
            } else {
                write!(f, "{digits}e{}", self.exp)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dec;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn parses_and_orders() {
        assert_eq!(d("1e3"), d("1000"));
        assert_eq!(d("2.50"), d("2.5"));
        assert_eq!(d("-0"), d("0"));
        assert!(d("0.5") < d("1"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("18446744073709551615") < d("18446744073709551616"));
        assert!(d("1e-3") < d("0.01"));
        assert_eq!(d("0.001").to_string(), "0.001");
        assert_eq!(d("-12.5e1").to_string(), "-125");
        for bad in ["", "-", "1.", ".5", "1e", "abc", "1e+"] {
            assert!(Dec::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn rounding_steps_and_multiples() {
        assert_eq!(d("1.5").ceil(), Some(d("2")));
        assert_eq!(d("1.5").floor(), Some(d("1")));
        assert_eq!(d("-1.5").ceil(), Some(d("-1")));
        assert_eq!(d("-1.5").floor(), Some(d("-2")));
        assert_eq!(d("3").ceil(), Some(d("3")));
        assert_eq!(d("0").add_int(1), Some(d("1")));
        assert_eq!(d("-1").add_int(1), Some(d("0")));
        assert_eq!(d("1e3").add_int(-1), Some(d("999")));
        assert_eq!(d("0.5").add_int(1), None);
        assert_eq!(d("6").is_multiple_of(&d("2")), Some(true));
        assert_eq!(d("0.75").is_multiple_of(&d("0.25")), Some(true));
        assert_eq!(d("3").is_multiple_of(&d("2")), Some(false));
        assert_eq!(d("3").is_multiple_of(&d("0")), None);
        assert_eq!(d("1e1000").is_multiple_of(&d("1e-1000")), None);
    }

    #[test]
    fn widths() {
        assert_eq!(Dec::unsigned_max(16).to_string(), "65535");
        assert_eq!(
            Dec::unsigned_max(128).to_string(),
            "340282366920938463463374607431768211455"
        );
        assert_eq!(Dec::signed_min(8).to_string(), "-128");
        assert_eq!(Dec::signed_min(64).to_string(), "-9223372036854775808");
    }
}
