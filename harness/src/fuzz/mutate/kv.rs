//! Mutating a KV document (`key=value` lines): line operations (drop,
//! duplicate, swap, truncate), key and value grammar at the edges (odd
//! characters, empty segments, case), CR and CRLF, `=` inside values,
//! leading zeros and integer widths, a missing final LF.

use super::edges::NUMBERS;
use fastrand::Rng;

/// A mutated copy of `bytes`.
pub fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let terminated = lines.last().is_some_and(Vec::is_empty);
    if terminated {
        lines.pop();
    }
    if lines.is_empty() {
        return super::bytes::mutate(bytes, rng);
    }
    let mut terminated = terminated;
    for _ in 0..rng.usize(1..=2) {
        let i = rng.usize(..lines.len().max(1));
        match rng.u8(0..12) {
            0 if lines.len() > 1 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.usize(..lines.len());
                lines.swap(i, j);
            }
            3 => {
                let l = &mut lines[i];
                let cut = rng.usize(..=l.len());
                l.truncate(cut);
            }
            4 => lines[i].push(b'\r'),
            5 => terminated = !terminated,
            6 => edit_key(&mut lines[i], rng),
            7..=9 => edit_value(&mut lines[i], rng),
            10 => lines.insert(i, b"".to_vec()),
            _ => {
                let l = &mut lines[i];
                *l = super::bytes::mutate(l, rng);
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    let mut out = lines.join(&b'\n');
    if terminated {
        out.push(b'\n');
    }
    if rng.u8(0..20) == 0 {
        out.splice(0..0, [0xEF, 0xBB, 0xBF]);
    }
    out
}

fn split(line: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    match line.iter().position(|&b| b == b'=') {
        Some(at) => (line[..at].to_vec(), Some(line[at + 1..].to_vec())),
        None => (line.to_vec(), None),
    }
}

fn join(key: Vec<u8>, value: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = key;
    if let Some(v) = value {
        out.push(b'=');
        out.extend(v);
    }
    out
}

fn edit_key(line: &mut Vec<u8>, rng: &mut Rng) {
    let (mut key, value) = split(line);
    match rng.u8(0..6) {
        0 => key.make_ascii_uppercase(),
        1 => key.push(b'.'),
        2 => key.insert(0, b' '),
        3 => key.extend_from_slice(b" "),
        4 => key.extend_from_slice(["..x", ".x", "$", "é", "_"][rng.usize(..5)].as_bytes()),
        _ => key.clear(),
    }
    *line = join(key, value);
}

fn edit_value(line: &mut Vec<u8>, rng: &mut Rng) {
    let (key, value) = split(line);
    let mut value = value.unwrap_or_default();
    let text = String::from_utf8_lossy(&value).into_owned();
    value = match rng.u8(0..9) {
        0 => NUMBERS[rng.usize(..NUMBERS.len())].as_bytes().to_vec(),
        1 => format!("0{text}").into_bytes(),
        2 => format!("{text}=x").into_bytes(),
        3 => match text.parse::<i128>() {
            Ok(n) => (n + [1, -1][rng.usize(..2)]).to_string().into_bytes(),
            Err(_) => b"1".to_vec(),
        },
        4 => text.to_ascii_uppercase().into_bytes(),
        5 => ["true", "false", "True", "1", "yes", ""][rng.usize(..6)]
            .as_bytes()
            .to_vec(),
        6 => format!(" {text}").into_bytes(),
        7 => format!("{text} ").into_bytes(),
        _ => Vec::new(),
    };
    *line = join(key, Some(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_mostly() {
        let doc = b"a.b=1\nc=true\nd=x\n";
        let mut rng = Rng::with_seed(3);
        let outs: Vec<Vec<u8>> = (0..40).map(|_| mutate(doc, &mut rng)).collect();
        assert!(outs.iter().filter(|o| o.as_slice() != doc).count() > 30);
        assert!(outs.iter().any(|o| o.ends_with(b"\n")));
    }
}
