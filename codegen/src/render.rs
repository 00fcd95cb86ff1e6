//! Tokens -> source text. prettyplease formats one item at a time and puts no blank line between
//! items, so each item is formatted on its own and the items are joined with a blank line.

use crate::emit::Module;
use proc_macro2::TokenStream;
use std::fmt::Write;

/// The root re-exports every public module, then the modules follow, each with its one-line doc.
pub(crate) fn file(modules: &[Module]) -> Result<String, syn::Error> {
    let mut text = String::new();
    let mut public: Vec<&str> = modules
        .iter()
        .filter(|module| module.public)
        .map(|module| module.name)
        .collect();
    // In the order rustfmt would put them.
    public.sort_unstable();
    for name in public {
        writeln!(text, "pub use {name}::*;").expect("writing to a String cannot fail");
    }
    for module in modules {
        let visibility = if module.public { "pub " } else { "" };
        let items = indent(&items(module.items.clone())?);
        write!(
            text,
            "\n/// {}\n{visibility}mod {} {{\n{items}}}\n",
            module.doc, module.name
        )
        .expect("writing to a String cannot fail");
    }
    // The pieces were formatted one by one; the whole must still be one valid file.
    syn::parse_file(&text)?;
    Ok(text)
}

/// Each item formatted on its own, a blank line between two items; `use` lines stay together.
fn items(tokens: TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    let mut text = String::new();
    let mut after_use = false;
    for item in file.items {
        let is_use = matches!(item, syn::Item::Use(_));
        let has_members = matches!(item, syn::Item::Impl(_) | syn::Item::Trait(_));
        let another_use = is_use && after_use;
        if !text.is_empty() && !another_use {
            text.push('\n');
        }
        let formatted = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        });
        if has_members {
            text += &separate_members(&formatted);
        } else {
            text += &formatted;
        }
        after_use = is_use;
    }
    Ok(text)
}

/// A blank line between the members of a formatted impl or trait block, except between
/// consecutive associated constants and types. Members sit at exactly one level of indentation,
/// so a member ends on such a line ending in `}` or `;`.
fn separate_members(block: &str) -> String {
    let mut text = String::new();
    let mut previous: Option<&str> = None;
    for line in block.lines() {
        if let Some(previous) = previous
            && is_member_end(previous)
            && is_member_start(line)
            && !(is_associated_item(previous) && is_associated_item(line))
        {
            text.push('\n');
        }
        text += line;
        text.push('\n');
        previous = Some(line);
    }
    text
}

fn member_line(line: &str) -> Option<&str> {
    line.strip_prefix("    ")
        .filter(|rest| !rest.starts_with(char::is_whitespace))
}

fn is_member_end(line: &str) -> bool {
    member_line(line).is_some_and(|rest| rest.ends_with('}') || rest.ends_with(';'))
}

fn is_member_start(line: &str) -> bool {
    member_line(line).is_some_and(|rest| !rest.starts_with('}'))
}

fn is_associated_item(line: &str) -> bool {
    member_line(line).is_some_and(|rest| {
        ["const ", "pub const ", "type "]
            .iter()
            .any(|start| rest.starts_with(start))
            && rest.ends_with(';')
    })
}

/// `text` one level deeper: four spaces before every line that is not empty.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn items_get_a_blank_line_between_them_and_uses_stay_together() {
        let text = items(quote! {
            use a::B;
            use a::C;
            struct D;
            struct E;
        })
        .expect("valid items");
        assert_eq!(text, "use a::B;\nuse a::C;\n\nstruct D;\n\nstruct E;\n");
    }

    #[test]
    fn members_get_a_blank_line_between_them_and_constants_stay_together() {
        let text = items(quote! {
            impl T for S {
                const A: u8 = 1;
                const B: u8 = 2;
                fn f(&self) -> u8 { Self::A }
                fn g(&self) -> u8 { Self::B }
            }
        })
        .expect("valid items");
        assert_eq!(
            text,
            "impl T for S {\n    const A: u8 = 1;\n    const B: u8 = 2;\n\n    fn f(&self) -> u8 {\n        \
             Self::A\n    }\n\n    fn g(&self) -> u8 {\n        Self::B\n    }\n}\n"
        );
    }

    #[test]
    fn module_items_are_indented_and_blank_lines_stay_empty() {
        assert_eq!(indent("a\n\nb\n"), "    a\n\n    b\n");
    }
}
