//! IR -> tokens, one module per kind of item.

mod dispatch;
mod enums;
mod errors;
mod handler;
mod structures;
mod wire;

use crate::ir::{Primitive, Service, Shape, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn service(service: &Service) -> TokenStream {
    let structures = structures::emit(service);
    let enums = enums::emit(service);
    let errors = errors::emit(service);
    let wire = wire::emit(service);
    let handler = handler::emit(service);
    let dispatch = dispatch::emit(service);
    quote! {
        #structures
        #enums
        #errors
        #handler
        #dispatch
        #wire
    }
}

/// `#[doc = "..."]` for a documentation trait, one attribute per line.
fn doc(documentation: &Option<String>) -> TokenStream {
    let Some(text) = documentation else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| format!(" {}", line.trim_end()));
    quote! { #( #[doc = #lines] )* }
}

fn primitive_type(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(String),
        Primitive::Blob => quote!(::runtime::Blob),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(i8),
        Primitive::Short => quote!(i16),
        Primitive::Integer => quote!(i32),
        Primitive::Long => quote!(i64),
        Primitive::Float => quote!(f32),
        Primitive::Double => quote!(f64),
        Primitive::Timestamp => quote!(::runtime::Timestamp),
    }
}

/// The Rust type of a value of `type_ref` as handlers see it. `scope` prefixes named types
/// (empty at the crate root, `super::` inside the wire module).
fn rust_type(service: &Service, type_ref: &TypeRef, scope: &TokenStream) -> TokenStream {
    match resolve(service, type_ref) {
        Resolved::Primitive(primitive) => primitive_type(primitive),
        Resolved::Shape(Shape::Structure(structure)) => {
            let ident = crate::names::type_ident(&structure.name);
            quote!(#scope #ident)
        }
        Resolved::Shape(Shape::Enum(enumeration)) => {
            let ident = crate::names::type_ident(&enumeration.name);
            quote!(#scope #ident)
        }
        Resolved::Shape(Shape::List(list)) => {
            let element = rust_type(service, &list.element, scope);
            quote!(Vec<#element>)
        }
        Resolved::Shape(Shape::Map(map)) => {
            let value = rust_type(service, &map.value, scope);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
        Resolved::Shape(Shape::Simple(simple)) => primitive_type(simple.primitive),
    }
}

enum Resolved<'a> {
    Primitive(Primitive),
    Shape(&'a Shape),
}

fn resolve<'a>(service: &'a Service, type_ref: &TypeRef) -> Resolved<'a> {
    match type_ref {
        TypeRef::Primitive(primitive) => Resolved::Primitive(*primitive),
        TypeRef::Shape(name) => Resolved::Shape(
            service
                .shapes
                .get(name)
                .expect("the resolver registers every shape it returns"),
        ),
    }
}
