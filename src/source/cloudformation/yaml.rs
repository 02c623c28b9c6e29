//! A YAML (and JSON) tree with lines and tags, built from `saphyr-parser` events.
//!
//! Building the tree here, rather than with a generic loader, lets one pass enforce what a
//! scanner of untrusted templates needs: a nesting-depth limit (a 100,000-deep sequence must not
//! overflow the stack), a budget on alias expansion (a "billion laughs" document must not
//! exhaust memory), and an error on duplicate mapping keys (CloudFormation rejects them too).
//! CloudFormation short-form tags (`!Ref`, `!Sub`, ...) are kept on the node.

use std::collections::HashSet;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper nesting than this is rejected; real templates stay far below it.
pub const MAX_DEPTH: usize = 256;
/// Nodes an alias may expand to, in total, before the document is rejected.
pub const MAX_ALIAS_NODES: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// A scalar and whether it was plain (unquoted), which decides its YAML type.
    Scalar(String, bool),
    Seq(Vec<Rc<Y>>),
    Map(Vec<(Rc<Y>, Rc<Y>)>),
}

/// A node: its data, its short-form tag (`Ref` for `!Ref`), and its lines (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Y {
    pub data: Data,
    pub tag: Option<String>,
    pub line: u32,
    pub end_line: u32,
}

impl Y {
    pub fn as_str(&self) -> Option<&str> {
        match &self.data {
            Data::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Rc<Y>> {
        match &self.data {
            Data::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Nodes in this subtree, for the alias budget.
    fn size(&self) -> usize {
        1 + match &self.data {
            Data::Scalar(..) => 0,
            Data::Seq(items) => items.iter().map(|i| i.size()).sum(),
            Data::Map(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub message: String,
}

fn line_of(span: &Span) -> u32 {
    u32::try_from(span.start.line()).unwrap_or(u32::MAX).max(1)
}

/// The last line a node occupies. A block collection's end marker sits at the start of the
/// next token, which may be column 0 of a later line.
fn end_line_of(span: &Span, start: u32) -> u32 {
    let line = u32::try_from(span.end.line()).unwrap_or(u32::MAX);
    let line = if span.end.col() == 0 && line > start {
        line - 1
    } else {
        line
    };
    line.max(start)
}

enum Open {
    Seq {
        items: Vec<Rc<Y>>,
        tag: Option<String>,
        anchor: usize,
        line: u32,
    },
    Map {
        entries: Vec<(Rc<Y>, Rc<Y>)>,
        /// Scalar keys seen so far: duplicate detection must stay linear, since a template's
        /// `Resources` mapping can hold hundreds of thousands of entries.
        seen: HashSet<String>,
        pending_key: Option<Rc<Y>>,
        tag: Option<String>,
        anchor: usize,
        line: u32,
    },
}

fn short_tag(tag: Option<&saphyr_parser::Tag>) -> Option<String> {
    let tag = tag?;
    // `!Ref` has the primary handle `!`; `!!str` and friends are core schema tags.
    if tag.handle == "!" {
        Some(tag.suffix.clone())
    } else if tag.handle == "tag:yaml.org,2002:" {
        Some(format!("!!{}", tag.suffix))
    } else {
        Some(format!("{}{}", tag.handle, tag.suffix))
    }
}

/// Parses the first document of `text`.
pub fn parse(text: &str) -> Result<Option<Rc<Y>>, YamlError> {
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: Vec<Option<Rc<Y>>> = Vec::new();
    let mut alias_budget = MAX_ALIAS_NODES;
    let mut root: Option<Rc<Y>> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            line: u32::try_from(e.marker().line()).unwrap_or(0).max(1),
            message: e.info().to_string(),
        })?;
        let line = line_of(&span);
        let node = match event {
            Event::DocumentEnd => {
                // Only the first document is a template.
                if root.is_some() {
                    break;
                }
                continue;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::Nothing => {
                continue
            }
            Event::Alias(id) => {
                let target = anchors.get(id).cloned().flatten().ok_or(YamlError {
                    line,
                    message: "alias to an unknown anchor".into(),
                })?;
                let size = target.size();
                alias_budget = alias_budget.checked_sub(size).ok_or(YamlError {
                    line,
                    message: format!(
                        "aliases expand to more than {MAX_ALIAS_NODES} nodes; refusing the document (YAML bomb?)"
                    ),
                })?;
                target
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = Rc::new(Y {
                    data: Data::Scalar(value.into_owned(), style == ScalarStyle::Plain),
                    tag: short_tag(tag.as_deref()),
                    line,
                    end_line: end_line_of(&span, line),
                });
                remember(&mut anchors, anchor, &node);
                node
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        line,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                let tag = short_tag(tag.as_deref());
                let is_seq = matches!(event, Event::SequenceStart(..));
                stack.push(if is_seq {
                    Open::Seq {
                        items: Vec::new(),
                        tag,
                        anchor,
                        line,
                    }
                } else {
                    Open::Map {
                        entries: Vec::new(),
                        seen: HashSet::new(),
                        pending_key: None,
                        tag,
                        anchor,
                        line,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else {
                    continue;
                };
                let (data, tag, anchor, start) = match open {
                    Open::Seq {
                        items,
                        tag,
                        anchor,
                        line,
                    } => (Data::Seq(items), tag, anchor, line),
                    Open::Map {
                        entries,
                        tag,
                        anchor,
                        line,
                        ..
                    } => (Data::Map(entries), tag, anchor, line),
                };
                // A block collection's end event sits on the next token's line; its last
                // child's end is where it really ends (and for `]`/`}` on their own line in
                // JSON, the last member's line is the better place to point at anyway).
                let last = match &data {
                    Data::Seq(items) => items.last().map(|i| i.end_line),
                    Data::Map(entries) => entries.last().map(|(_, v)| v.end_line),
                    Data::Scalar(..) => None,
                };
                let end_line = last.unwrap_or_else(|| end_line_of(&span, start)).max(start);
                let node = Rc::new(Y {
                    data,
                    tag,
                    line: start,
                    end_line,
                });
                remember(&mut anchors, anchor, &node);
                node
            }
        };
        match stack.last_mut() {
            None => {
                root = Some(node);
            }
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                seen,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    if let Some(k) = key.as_str() {
                        if !seen.insert(k.to_string()) {
                            return Err(YamlError {
                                line: key.line,
                                message: format!("duplicate key `{k}`"),
                            });
                        }
                    }
                    entries.push((key, node));
                }
            },
        }
    }
    Ok(root)
}

fn remember(anchors: &mut Vec<Option<Rc<Y>>>, anchor: usize, node: &Rc<Y>) {
    if anchor == 0 {
        return;
    }
    if anchors.len() <= anchor {
        anchors.resize(anchor + 1, None);
    }
    if let Some(slot) = anchors.get_mut(anchor) {
        *slot = Some(node.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_tags() {
        let y = parse("A:\n  B: !Ref X\n  C:\n    - 1\n    - two\nD: x\n")
            .expect("parses")
            .expect("document");
        let a = y.get("A").expect("A");
        assert_eq!(a.line, 2);
        let b = a.get("B").expect("B");
        assert_eq!(b.tag.as_deref(), Some("Ref"));
        assert_eq!(b.line, 2);
        let c = a.get("C").expect("C");
        assert_eq!((c.line, c.end_line), (4, 5));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("A: 1\nB: 2\nA: 3\n").expect_err("rejected");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("duplicate key `A`"));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).expect_err("rejected");
        assert!(
            err.message.contains("nesting") || err.message.contains("recursion"),
            "{err:?}"
        );
        let block: String = (0..100_000)
            .map(|i| format!("{}- \n", " ".repeat(i % 200)))
            .collect();
        let _ = parse(&block);
    }

    #[test]
    fn yaml_bomb_is_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let err = parse(&text).expect_err("rejected");
        assert!(err.message.contains("aliases expand"), "{err:?}");
    }

    #[test]
    fn json_parses_with_lines() {
        let y =
            parse("{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::S3::Bucket\"}\n  }\n}\n")
                .expect("parses")
                .expect("doc");
        let a = y.get("Resources").and_then(|r| r.get("A")).expect("A");
        assert_eq!(a.line, 3);
    }
}
