//! The unchecked wire form of every input shape (all members optional, enums as strings), the constraint
//! rules of the model as data, and the conversions that check them on the way in.

use super::{Resolved, primitive_type, resolve, rust_type};
use crate::ir::{
    Length, List, Map, Member, Primitive, Range, Service, Shape, Simple, Structure, TypeRef,
};
use crate::names::{
    const_ident, field_ident, function_ident, message_name, type_ident, unchecked_type_ident,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

pub(super) fn emit(service: &Service) -> TokenStream {
    service
        .shapes
        .values()
        .filter(|shape| shape.usage().input)
        .map(|shape| match shape {
            Shape::Structure(structure) => structure_items(service, structure),
            Shape::List(list) if needs_conversion(service, &TypeRef::Shape(list.name.clone())) => {
                list_conversion(service, list)
            }
            Shape::Map(map) if needs_conversion(service, &TypeRef::Shape(map.name.clone())) => {
                map_conversion(service, map)
            }
            Shape::Enum(enumeration) => {
                let function = function_ident(&enumeration.name);
                let ident = type_ident(&enumeration.name);
                quote! {
                    fn #function(value: String, path: ::runtime::Path<'_>, errors: &mut ::runtime::ValidationErrors) -> Option<super::#ident> {
                        errors.check_enum(value, path)
                    }
                }
            }
            Shape::Simple(simple) if has_constraints(simple) => simple_conversion(simple),
            _ => TokenStream::new(),
        })
        .collect()
}

fn has_constraints(simple: &Simple) -> bool {
    simple.length.is_some() || simple.range.is_some() || simple.pattern.is_some()
}

/// Whether a value must be checked or converted between its wire form and its handler form.
fn needs_conversion(service: &Service, type_ref: &TypeRef) -> bool {
    match resolve(service, type_ref) {
        Resolved::Primitive(_) => false,
        Resolved::Shape(Shape::Simple(simple)) => has_constraints(simple),
        Resolved::Shape(Shape::Enum(_) | Shape::Structure(_)) => true,
        Resolved::Shape(Shape::List(list)) => {
            list.length.is_some() || needs_conversion(service, &list.element)
        }
        Resolved::Shape(Shape::Map(map)) => {
            map.length.is_some()
                || needs_conversion(service, &map.key)
                || needs_conversion(service, &map.value)
        }
    }
}

fn wire_type(service: &Service, type_ref: &TypeRef) -> TokenStream {
    match resolve(service, type_ref) {
        Resolved::Primitive(primitive) => primitive_type(primitive),
        Resolved::Shape(Shape::Simple(simple)) => primitive_type(simple.primitive),
        Resolved::Shape(Shape::Enum(_)) => quote!(String),
        Resolved::Shape(Shape::Structure(structure)) => {
            let ident = unchecked_type_ident(&structure.name);
            quote!(#ident)
        }
        Resolved::Shape(Shape::List(list)) => {
            let element = wire_type(service, &list.element);
            quote!(Vec<#element>)
        }
        Resolved::Shape(Shape::Map(map)) => {
            let value = wire_type(service, &map.value);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
    }
}

/// An expression of type `Option<T>` converting `value` (of the wire type) at `path`.
fn convert(service: &Service, type_ref: &TypeRef, path: TokenStream) -> TokenStream {
    match resolve(service, type_ref) {
        Resolved::Shape(Shape::Structure(structure)) => {
            let ident = type_ident(&structure.name);
            quote!(<super::#ident as ::runtime::FromWire>::from_wire(value, #path, errors))
        }
        Resolved::Shape(shape) if needs_conversion(service, type_ref) => {
            let function = function_ident(shape.name());
            quote!(#function(value, #path, errors))
        }
        _ => quote!(Some(value)),
    }
}

fn structure_items(service: &Service, structure: &Structure) -> TokenStream {
    let ident = type_ident(&structure.name);
    let unchecked = unchecked_type_ident(&structure.name);
    let wire_fields = structure.members.iter().map(|member| {
        let field = field_ident(&member.name);
        let wire_name = &member.name;
        let value_type = wire_type(service, &member.target);
        quote! {
            #[serde(rename = #wire_name)]
            pub #field: Option<#value_type>,
        }
    });
    let conversions: Vec<MemberConversion> = structure
        .members
        .iter()
        .map(|member| member_conversion(service, member))
        .collect();
    let uses_checks = conversions
        .iter()
        .any(|conversion| conversion.statement.is_some());
    let (path, errors) = if uses_checks {
        (quote!(path), quote!(errors))
    } else {
        (quote!(_path), quote!(_errors))
    };
    let statements = conversions
        .iter()
        .filter_map(|conversion| conversion.statement.as_ref());
    let fields = conversions.iter().map(|conversion| &conversion.field);
    quote! {
        #[derive(::serde::Deserialize)]
        pub struct #unchecked { #(#wire_fields)* }

        impl ::runtime::FromWire for super::#ident {
            type Wire = #unchecked;

            fn from_wire(wire: #unchecked, #path: ::runtime::Path<'_>, #errors: &mut ::runtime::ValidationErrors) -> Option<Self> {
                #(#statements)*
                Some(Self { #(#fields,)* })
            }
        }
    }
}

/// A member's checks (run for every member before any result is used, so that every failure is
/// reported) and its initializer in the struct literal.
struct MemberConversion {
    statement: Option<TokenStream>,
    field: TokenStream,
}

fn member_conversion(service: &Service, member: &Member) -> MemberConversion {
    let field = field_ident(&member.name);
    let message_name = message_name(&member.name);
    let path = quote!(path.member(#message_name));
    let converts = needs_conversion(service, &member.target);
    let conversion = convert(service, &member.target, path.clone());
    let default = member
        .default
        .as_ref()
        .map(|value| default_value(service, &member.target, value));
    match (member.required, default, converts) {
        (true, _, true) => MemberConversion {
            statement: Some(quote! {
                let #field = errors.required(wire.#field, #path).and_then(|value| #conversion);
            }),
            field: quote!(#field: #field?),
        },
        (true, _, false) => MemberConversion {
            statement: Some(quote!(let #field = errors.required(wire.#field, #path);)),
            field: quote!(#field: #field?),
        },
        (false, Some(default), true) => MemberConversion {
            statement: Some(quote! {
                let #field = ::runtime::validation::optional(wire.#field, |value| #conversion)
                    .map(|value| value.unwrap_or(#default));
            }),
            field: quote!(#field: #field?),
        },
        (false, Some(default), false) => MemberConversion {
            statement: None,
            field: quote!(#field: wire.#field.unwrap_or(#default)),
        },
        (false, None, true) => MemberConversion {
            statement: Some(quote! {
                let #field = ::runtime::validation::optional(wire.#field, |value| #conversion);
            }),
            field: quote!(#field: #field?),
        },
        (false, None, false) => MemberConversion {
            statement: None,
            field: quote!(#field: wire.#field),
        },
    }
}

/// A `@default` value as a Rust expression of the member's type.
fn default_value(service: &Service, type_ref: &TypeRef, value: &Value) -> TokenStream {
    match value {
        Value::Bool(flag) => quote!(#flag),
        Value::Number(number) => {
            let is_float = matches!(
                resolve(service, type_ref),
                Resolved::Primitive(Primitive::Float | Primitive::Double)
                    | Resolved::Shape(Shape::Simple(Simple {
                        primitive: Primitive::Float | Primitive::Double,
                        ..
                    }))
            );
            let literal = if is_float {
                Literal::f64_unsuffixed(number.as_f64().unwrap_or_default())
            } else {
                Literal::i64_unsuffixed(number.as_i64().unwrap_or_default())
            };
            quote!(#literal)
        }
        Value::String(text) => quote!(String::from(#text)),
        Value::Array(_) | Value::Object(_) | Value::Null => {
            let value_type = rust_type(service, type_ref, &quote!(super::));
            quote!(<#value_type>::default())
        }
    }
}

fn simple_conversion(simple: &Simple) -> TokenStream {
    let function = function_ident(&simple.name);
    let value_type = primitive_type(simple.primitive);
    let signature = quote! {
        fn #function(value: #value_type, path: ::runtime::Path<'_>, errors: &mut ::runtime::ValidationErrors) -> Option<#value_type>
    };
    match simple.primitive {
        Primitive::String => {
            let rules = const_ident(&simple.name, "RULES");
            let length = option_tokens(simple.length.map(length_rule));
            let (pattern_static, pattern) = match &simple.pattern {
                Some(source) => {
                    let pattern_ident = const_ident(&simple.name, "PATTERN");
                    (
                        quote!(static #pattern_ident: ::runtime::validation::Pattern = ::runtime::validation::Pattern::new(#source);),
                        quote!(Some(&#pattern_ident)),
                    )
                }
                None => (TokenStream::new(), quote!(None)),
            };
            let sensitive = simple.sensitive;
            quote! {
                #pattern_static
                static #rules: ::runtime::validation::StringRules = ::runtime::validation::StringRules {
                    length: #length,
                    pattern: #pattern,
                    sensitive: #sensitive,
                };
                #signature {
                    Some(errors.check_string(value, path, &#rules))
                }
            }
        }
        Primitive::Blob => {
            let rule = const_ident(&simple.name, "LENGTH");
            let length = simple.length.map(length_rule);
            quote! {
                const #rule: ::runtime::validation::LengthRule = #length;
                #signature {
                    errors.check_size(value.len(), path, #rule);
                    Some(value)
                }
            }
        }
        _ => {
            let rule = const_ident(&simple.name, "RANGE");
            let range = simple.range.map(range_rule);
            quote! {
                const #rule: ::runtime::validation::RangeRule = #range;
                #signature {
                    Some(errors.check_range(value, path, #rule))
                }
            }
        }
    }
}

fn list_conversion(service: &Service, list: &List) -> TokenStream {
    let function = function_ident(&list.name);
    let wire_element = wire_type(service, &list.element);
    let element = rust_type(service, &list.element, &quote!(super::));
    let shows_elements = is_shown_string(service, &list.element);
    let (length_const, length_check) = collection_length(&list.name, list.length, shows_elements);
    let body = if needs_conversion(service, &list.element) {
        let conversion = convert(service, &list.element, quote!(path.element(index)));
        quote!(::runtime::validation::each(value, |index, value| #conversion))
    } else {
        quote!(Some(value))
    };
    quote! {
        #length_const
        fn #function(value: Vec<#wire_element>, path: ::runtime::Path<'_>, errors: &mut ::runtime::ValidationErrors) -> Option<Vec<#element>> {
            #length_check
            #body
        }
    }
}

fn map_conversion(service: &Service, map: &Map) -> TokenStream {
    let function = function_ident(&map.name);
    let wire_value = wire_type(service, &map.value);
    let value_type = rust_type(service, &map.value, &quote!(super::));
    let (length_const, length_check) = collection_length(&map.name, map.length, false);
    let key_checks = needs_conversion(service, &map.key).then(|| {
        let conversion = convert(service, &map.key, quote!(path.map_key()));
        quote! {
            for value in value.keys().cloned() {
                let _ = #conversion;
            }
        }
    });
    let body = if needs_conversion(service, &map.value) {
        let conversion = convert(service, &map.value, quote!(path.map_value(key)));
        quote!(::runtime::validation::each_value(value, |key, value| #conversion))
    } else {
        quote!(Some(value))
    };
    quote! {
        #length_const
        fn #function(
            value: ::std::collections::BTreeMap<String, #wire_value>,
            path: ::runtime::Path<'_>,
            errors: &mut ::runtime::ValidationErrors,
        ) -> Option<::std::collections::BTreeMap<String, #value_type>> {
            #length_check
            #key_checks
            #body
        }
    }
}

/// The length rule of a list or map and its check. A list of strings AWS shows in the message
/// (`Value '[a, b]' at ...`); other collections are left out of it.
fn collection_length(
    shape_name: &str,
    length: Option<Length>,
    shows_elements: bool,
) -> (TokenStream, TokenStream) {
    match length {
        Some(length) => {
            let rule = const_ident(shape_name, "LENGTH");
            let value = length_rule(length);
            let check = if shows_elements {
                quote!(errors.check_strings_size(&value, path, #rule);)
            } else {
                quote!(errors.check_size(value.len(), path, #rule);)
            };
            (
                quote!(const #rule: ::runtime::validation::LengthRule = #value;),
                check,
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    }
}

/// Whether values of `type_ref` arrive as strings that may be echoed (not `@sensitive`).
fn is_shown_string(service: &Service, type_ref: &TypeRef) -> bool {
    match resolve(service, type_ref) {
        Resolved::Primitive(primitive) => primitive == Primitive::String,
        Resolved::Shape(Shape::Simple(simple)) => {
            simple.primitive == Primitive::String && !simple.sensitive
        }
        Resolved::Shape(Shape::Enum(_)) => true,
        Resolved::Shape(_) => false,
    }
}

fn length_rule(length: Length) -> TokenStream {
    let min = option_tokens(length.min.map(Literal::u64_unsuffixed));
    let max = option_tokens(length.max.map(Literal::u64_unsuffixed));
    quote!(::runtime::validation::LengthRule { min: #min, max: #max })
}

fn range_rule(range: Range) -> TokenStream {
    let min = option_tokens(range.min.map(Literal::i64_unsuffixed));
    let max = option_tokens(range.max.map(Literal::i64_unsuffixed));
    quote!(::runtime::validation::RangeRule { min: #min, max: #max })
}

fn option_tokens<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}
