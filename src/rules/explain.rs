//! The full text of one rule, as `aiposture explain ID` prints it: the same page as the
//! generated docs/rules/ID.md.

use super::Rule;

pub fn render(rule: &Rule) -> String {
    super::docs::rule_page(rule)
}
