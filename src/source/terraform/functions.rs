//! The Terraform built-in functions the evaluator knows.
//!
//! Only functions whose result can matter to a security rule are implemented. A function that
//! is not here, or one called with arguments it cannot use, returns an unknown value: never an
//! error, never a guess.

use std::path::Path;

use crate::model::{format_number, Node, Value};

/// Files read by `file()` larger than this are treated as unknown.
const MAX_FILE_FUNCTION_BYTES: u64 = 1024 * 1024;

/// Argument counts of the functions this module knows: (name, min, max).
const ARITY: &[(&str, usize, usize)] = &[
    ("jsonencode", 1, 1),
    ("jsondecode", 1, 1),
    ("lower", 1, 1),
    ("upper", 1, 1),
    ("trimspace", 1, 1),
    ("tostring", 1, 1),
    ("tonumber", 1, 1),
    ("tobool", 1, 1),
    ("tolist", 1, 1),
    ("toset", 1, 1),
    ("tomap", 1, 1),
    ("length", 1, 1),
    ("format", 1, usize::MAX),
    ("join", 2, 2),
    ("split", 2, 2),
    ("replace", 3, 3),
    ("concat", 0, usize::MAX),
    ("flatten", 1, 1),
    ("compact", 1, 1),
    ("distinct", 1, 1),
    ("merge", 0, usize::MAX),
    ("lookup", 2, 3),
    ("element", 2, 2),
    ("contains", 2, 2),
    ("keys", 1, 1),
    ("values", 1, 1),
    ("file", 1, 1),
    ("templatefile", 2, 2),
    ("cidrsubnet", 3, 3),
    ("try", 1, usize::MAX),
    ("can", 1, 1),
    ("coalesce", 1, usize::MAX),
    ("range", 1, 3),
];

/// `range()` results longer than this are unknown rather than allocated.
const MAX_RANGE: f64 = 100_000.0;

/// A message when a known function is called with a wrong number of arguments (Terraform
/// rejects such code too). Calls that spread a list (`f(x...)`) are not checked.
pub fn arity_problem(name: &str, given: usize, expand_final: bool) -> Option<String> {
    if expand_final {
        return None;
    }
    let (_, min, max) = ARITY.iter().find(|(n, _, _)| *n == name)?;
    if given < *min || given > *max {
        let expected = if min == max {
            format!("{min}")
        } else if *max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Some(format!(
            "function {name}() takes {expected} argument{}, got {given}",
            if expected == "1" { "" } else { "s" }
        ));
    }
    None
}

pub fn call(name: &str, args: Vec<Node>, expand_final: bool, dir: &Path) -> Value {
    let mut args: Vec<Value> = args.into_iter().map(|n| n.value).collect();
    if expand_final {
        // `f(a, list...)`: spread the final list into arguments.
        match args.pop() {
            Some(Value::List(items)) => args.extend(items.into_iter().map(|n| n.value)),
            _ => return Value::unknown(format!("{name}(...) with unknown expansion")),
        }
    }
    // `try` and `coalesce` may succeed with some unknown arguments; everything else needs all
    // of its arguments known (a reference is fine where only presence matters).
    match name {
        "try" => {
            return args
                .into_iter()
                .find(|a| !a.is_unknown())
                .unwrap_or_else(|| Value::unknown("try(): no argument is known"));
        }
        "coalesce" => {
            for a in args {
                match a {
                    Value::Null => continue,
                    Value::String(ref s) if s.is_empty() => continue,
                    Value::Unknown(_) => return Value::unknown("coalesce(): argument not known"),
                    other => return other,
                }
            }
            return Value::unknown("coalesce(): no non-empty argument");
        }
        "jsonencode" => {
            // The model keeps the argument structured so rules (IAM analysis) can read it;
            // a string literal stays a string.
            return match args.into_iter().next() {
                Some(v) => v,
                None => Value::unknown("jsonencode() without argument"),
            };
        }
        _ => {}
    }
    if args.iter().any(Value::is_unknown) {
        return Value::unknown(format!("{name}() of an unknown value"));
    }
    let result = match name {
        "jsondecode" => match args.first() {
            Some(Value::String(s)) => serde_json::from_str::<serde_json::Value>(s)
                .ok()
                .map(|j| Value::from_json(&j, 0)),
            Some(v @ (Value::Map(_) | Value::List(_))) => Some(v.clone()),
            _ => None,
        },
        "lower" => string_arg(&args).map(|s| Value::String(s.to_lowercase())),
        "upper" => string_arg(&args).map(|s| Value::String(s.to_uppercase())),
        "trimspace" => string_arg(&args).map(|s| Value::String(s.trim().to_string())),
        "tostring" => match args.first() {
            Some(Value::String(s)) => Some(Value::String(s.clone())),
            Some(Value::Number(n)) => Some(Value::String(format_number(*n))),
            Some(Value::Bool(b)) => Some(Value::String(b.to_string())),
            Some(v @ (Value::Ref(_) | Value::Partial(_))) => Some(v.clone()),
            _ => None,
        },
        "tonumber" => match args.first() {
            Some(Value::Number(n)) => Some(Value::Number(*n)),
            Some(Value::String(s)) => s.parse().ok().map(Value::Number),
            _ => None,
        },
        "tobool" => match args.first() {
            Some(Value::Bool(b)) => Some(Value::Bool(*b)),
            Some(Value::String(s)) if s == "true" => Some(Value::Bool(true)),
            Some(Value::String(s)) if s == "false" => Some(Value::Bool(false)),
            _ => None,
        },
        "tolist" | "toset" | "tomap" => args.into_iter().next(),
        "length" => match args.first() {
            Some(Value::List(items)) => Some(Value::Number(items.len() as f64)),
            Some(Value::Map(entries)) => Some(Value::Number(entries.len() as f64)),
            Some(Value::String(s)) => Some(Value::Number(s.chars().count() as f64)),
            _ => None,
        },
        "format" => format(&args),
        "join" => match (args.first(), args.get(1)) {
            (Some(Value::String(sep)), Some(Value::List(items))) => items
                .iter()
                .map(|n| scalar_string(&n.value))
                .collect::<Option<Vec<_>>>()
                .map(|parts| Value::String(parts.join(sep))),
            _ => None,
        },
        "split" => match (args.first(), args.get(1)) {
            (Some(Value::String(sep)), Some(Value::String(s))) if !sep.is_empty() => {
                Some(Value::List(
                    s.split(sep.as_str())
                        .map(|p| Node::new(Value::String(p.to_string()), 0))
                        .collect(),
                ))
            }
            _ => None,
        },
        "replace" => match (args.first(), args.get(1), args.get(2)) {
            (Some(Value::String(s)), Some(Value::String(from)), Some(Value::String(to)))
                if !(from.starts_with('/') && from.ends_with('/') && from.len() > 1) =>
            {
                Some(Value::String(s.replace(from.as_str(), to)))
            }
            _ => None,
        },
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a {
                    Value::List(items) => out.extend(items),
                    _ => return Value::unknown("concat() of a non-list"),
                }
            }
            Some(Value::List(out))
        }
        "flatten" => match args.into_iter().next() {
            Some(Value::List(items)) => {
                let mut out = Vec::new();
                flatten_into(items, &mut out);
                Some(Value::List(out))
            }
            _ => None,
        },
        "compact" => match args.into_iter().next() {
            Some(Value::List(items)) => Some(Value::List(
                items
                    .into_iter()
                    .filter(|n| !matches!(&n.value, Value::Null) && n.value.as_str() != Some(""))
                    .collect(),
            )),
            _ => None,
        },
        "distinct" => match args.into_iter().next() {
            Some(Value::List(items)) => {
                let mut out: Vec<Node> = Vec::new();
                for n in items {
                    if !out.iter().any(|o| o.value == n.value) {
                        out.push(n);
                    }
                }
                Some(Value::List(out))
            }
            _ => None,
        },
        "merge" => {
            let mut out: Vec<(String, Node)> = Vec::new();
            for a in args {
                match a {
                    Value::Map(entries) => {
                        for (k, v) in entries {
                            out.retain(|(ok, _)| *ok != k);
                            out.push((k, v));
                        }
                    }
                    Value::Null => {}
                    _ => return Value::unknown("merge() of a non-object"),
                }
            }
            Some(Value::Map(out))
        }
        "lookup" => match (args.first(), args.get(1)) {
            (Some(map @ Value::Map(_)), Some(Value::String(key))) => map
                .get(key)
                .map(|n| n.value.clone())
                .or_else(|| args.get(2).cloned()),
            _ => None,
        },
        "element" => match (args.first(), args.get(1)) {
            (Some(Value::List(items)), Some(Value::Number(i))) if !items.is_empty() => {
                let i = (*i as usize) % items.len();
                items.get(i).map(|n| n.value.clone())
            }
            _ => None,
        },
        "contains" => match (args.first(), args.get(1)) {
            (Some(Value::List(items)), Some(v)) if !v.has_unknown() => {
                Some(Value::Bool(items.iter().any(|n| n.value == *v)))
            }
            _ => None,
        },
        "keys" => match args.first() {
            Some(Value::Map(entries)) => Some(Value::List(
                entries
                    .iter()
                    .map(|(k, n)| Node::new(Value::String(k.clone()), n.line))
                    .collect(),
            )),
            _ => None,
        },
        "values" => match args.into_iter().next() {
            Some(Value::Map(entries)) => {
                Some(Value::List(entries.into_iter().map(|(_, n)| n).collect()))
            }
            _ => None,
        },
        "can" => Some(Value::Bool(true)),
        "range" => {
            let nums: Option<Vec<f64>> = args
                .iter()
                .map(|a| match a {
                    Value::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            match nums.as_deref() {
                Some([end]) => range(0.0, *end, 1.0),
                Some([start, end]) => range(*start, *end, if end >= start { 1.0 } else { -1.0 }),
                Some([start, end, step]) => range(*start, *end, *step),
                _ => None,
            }
        }
        "cidrsubnet" => match (args.first(), args.get(1), args.get(2)) {
            (Some(Value::String(prefix)), Some(Value::Number(bits)), Some(Value::Number(num))) => {
                cidrsubnet(prefix, *bits, *num).map(Value::String)
            }
            _ => None,
        },
        "file" => match args.first() {
            Some(Value::String(p)) => read_module_file(dir, p),
            _ => None,
        },
        _ => None,
    };
    result.unwrap_or_else(|| Value::unknown(format!("{name}() is not evaluated")))
}

fn range(start: f64, end: f64, step: f64) -> Option<Value> {
    if step == 0.0 || ((end - start) / step) > MAX_RANGE {
        return None;
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        out.push(Node::new(Value::Number(x), 0));
        x += step;
    }
    Some(Value::List(out))
}

/// `cidrsubnet` for IPv4: the `num`th subnet of `prefix` extended by `bits`.
fn cidrsubnet(prefix: &str, bits: f64, num: f64) -> Option<String> {
    let (addr, len) = prefix.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    let octets: Vec<u32> = addr
        .split('.')
        .map(|o| o.parse().ok())
        .collect::<Option<_>>()?;
    if octets.len() != 4
        || octets.iter().any(|o| *o > 255)
        || bits.fract() != 0.0
        || num.fract() != 0.0
        || bits < 0.0
        || num < 0.0
    {
        return None;
    }
    let new_len = len.checked_add(bits as u32).filter(|l| *l <= 32)?;
    let base = octets
        .iter()
        .fold(0u64, |acc, o| (acc << 8) | u64::from(*o));
    let num = num as u64;
    if bits as u32 >= 64 || num >= (1u64 << (bits as u32)) {
        return None;
    }
    let host_bits = 32 - new_len;
    let mask = if len == 0 {
        0
    } else {
        (u64::MAX << (32 - len)) & 0xFFFF_FFFF
    };
    let network = (base & mask) | (num << host_bits);
    Some(format!(
        "{}.{}.{}.{}/{new_len}",
        (network >> 24) & 255,
        (network >> 16) & 255,
        (network >> 8) & 255,
        network & 255
    ))
}

fn string_arg(args: &[Value]) -> Option<&str> {
    args.first().and_then(Value::as_str)
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flatten_into(items: Vec<Node>, out: &mut Vec<Node>) {
    for n in items {
        match n.value {
            Value::List(inner) => flatten_into(inner, out),
            _ => out.push(n),
        }
    }
}

/// `format()` with the verbs `%s`, `%d`, `%v` and `%%`; anything else is unknown.
fn format(args: &[Value]) -> Option<Value> {
    let spec = args.first()?.as_str()?;
    let mut rest = args.iter().skip(1);
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'd' | 'v' => out.push_str(&scalar_string(rest.next()?)?),
            _ => return None,
        }
    }
    Some(Value::String(out))
}

/// `file(path)`, relative to the module directory. Common for IAM policies kept as JSON files.
/// Paths that leave the module's directory tree by an absolute path are not read.
fn read_module_file(dir: &Path, path: &str) -> Option<Value> {
    let rel = path.strip_prefix("./").unwrap_or(path);
    if Path::new(rel).is_absolute() {
        return None;
    }
    let full = dir.join(rel);
    let meta = std::fs::metadata(&full).ok()?;
    if meta.len() > MAX_FILE_FUNCTION_BYTES {
        return None;
    }
    std::fs::read_to_string(full).ok().map(Value::String)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Node {
        Node::new(Value::String(v.into()), 1)
    }

    #[test]
    fn unknown_argument_makes_unknown() {
        let v = call(
            "lower",
            vec![Node::new(Value::unknown("x"), 1)],
            false,
            Path::new("."),
        );
        assert!(v.is_unknown());
    }

    #[test]
    fn format_and_join() {
        let v = call(
            "format",
            vec![s("%s-%d"), s("a"), Node::new(Value::Number(3.0), 1)],
            false,
            Path::new("."),
        );
        assert_eq!(v, Value::String("a-3".into()));
        let list = Node::new(Value::List(vec![s("a"), s("b")]), 1);
        assert_eq!(
            call("join", vec![s(","), list], false, Path::new(".")),
            Value::String("a,b".into())
        );
    }

    #[test]
    fn unimplemented_function_is_unknown_not_error() {
        assert!(call("cidrsubnet", vec![s("10.0.0.0/16")], false, Path::new(".")).is_unknown());
    }

    #[test]
    fn cidrsubnet_and_arity() {
        assert_eq!(
            cidrsubnet("10.0.0.0/16", 8.0, 2.0).as_deref(),
            Some("10.0.2.0/24")
        );
        assert_eq!(
            cidrsubnet("10.1.0.0/16", 4.0, 15.0).as_deref(),
            Some("10.1.240.0/20")
        );
        assert_eq!(cidrsubnet("10.0.0.0/30", 8.0, 1.0), None);
        assert!(arity_problem("join", 1, false).is_some());
        assert!(arity_problem("join", 2, false).is_none());
        assert!(arity_problem("lookup", 3, false).is_none());
        assert!(arity_problem("unknownfn", 9, false).is_none());
    }

    #[test]
    fn coalesce_skips_empty() {
        let v = call("coalesce", vec![s(""), s("x")], false, Path::new("."));
        assert_eq!(v, Value::String("x".into()));
    }
}
