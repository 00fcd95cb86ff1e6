//! IR -> tokens: one emitter per kind of item, gathered into the generated file's modules by role
//! (inputs, outputs, types, errors, server, and the private wire forms).

mod dispatch;
mod enums;
mod errors;
mod handler;
mod roles;
mod structures;
mod wire;

use crate::ir::{Primitive, Service, Shape, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use roles::{Imports, Role};

/// One module of the generated file. Public modules are re-exported from the root, so that
/// users name every item from there (`generated::CreateSecretRequest`).
pub(crate) struct Module {
    pub name: &'static str,
    /// One line saying what the module holds.
    pub doc: &'static str,
    pub public: bool,
    pub items: TokenStream,
}

/// The generated file as modules by role, in reading order; empty modules are left out.
pub(crate) fn service(service: &Service) -> Vec<Module> {
    let modules = [
        structures_module(
            service,
            Role::Inputs,
            "The input of each operation, checked against the model's constraints before a handler sees it.",
            TokenStream::new(),
        ),
        structures_module(
            service,
            Role::Outputs,
            "The output of each operation, the body of its response.",
            TokenStream::new(),
        ),
        structures_module(
            service,
            Role::Types,
            "The structures and enums that inputs, outputs and errors contain.",
            enums::emit(service),
        ),
        structures_module(
            service,
            Role::Errors,
            "The model's error shapes and, per operation, the enum of the errors it may return.",
            errors::emit(service),
        ),
        server_module(service),
        Module {
            name: "wire",
            doc: "Input shapes as they arrive, unchecked, and their conversion into the inputs.",
            public: false,
            items: wire::emit(service),
        },
    ];
    modules
        .into_iter()
        .filter(|module| !module.items.is_empty())
        .collect()
}

/// The structures of `role` followed by `more` items, importing the sibling types they name.
fn structures_module(
    service: &Service,
    role: Role,
    doc: &'static str,
    more: TokenStream,
) -> Module {
    // The error module writes each error shape next to its impls.
    let structures = match role {
        Role::Errors => TokenStream::new(),
        _ => structures::emit(service, role),
    };
    let mut imports = Imports::default();
    imports.add_members(service, structures::of_role(service, role));
    Module {
        name: role.module_name(),
        doc,
        public: true,
        items: with_imports(imports, Some(role), quote! { #structures #more }),
    }
}

/// The server side: what a service implements, and what serves it.
fn server_module(service: &Service) -> Module {
    let mut imports = Imports::default();
    for operation in &service.operations {
        for shape in [&operation.input, &operation.output].into_iter().flatten() {
            imports.add_type(service, &TypeRef::Shape(shape.clone()));
        }
        imports.add(
            Role::Errors,
            errors::error_enum_ident(operation).to_string(),
        );
    }
    let handler = handler::emit(service);
    let dispatch = dispatch::emit(service);
    Module {
        name: "server",
        doc: "The handler trait a service implements, the operation table, dispatch and the router.",
        public: true,
        items: with_imports(imports, None, quote! { #handler #dispatch }),
    }
}

/// `items` after the `use` lines they need; nothing when there are no items.
fn with_imports(imports: Imports, home: Option<Role>, items: TokenStream) -> TokenStream {
    if items.is_empty() {
        return items;
    }
    let imports = imports.into_tokens(home);
    quote! { #imports #items }
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
/// (empty inside a role module, which imports its siblings' types; `super::` inside the wire
/// module, which names them through the root's re-exports).
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
