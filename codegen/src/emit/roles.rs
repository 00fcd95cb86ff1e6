//! Which module of the generated file each item lives in, and the `use` lines a module needs
//! to name the items of its siblings.

use super::{Resolved, resolve};
use crate::ir::{Service, Shape, Structure, TypeRef};
use crate::names::type_ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// A public module of the generated file, re-exported from its root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Role {
    /// The operations' input structures.
    Inputs,
    /// The operations' output structures.
    Outputs,
    /// Structures and enums that inputs and outputs contain.
    Types,
    /// Error shapes and the per-operation error enums.
    Errors,
}

impl Role {
    pub(super) fn module_name(self) -> &'static str {
        match self {
            Role::Inputs => "inputs",
            Role::Outputs => "outputs",
            Role::Types => "types",
            Role::Errors => "errors",
        }
    }
}

/// The module of a structure: errors first, then the operations' own inputs and outputs.
pub(super) fn structure_role(service: &Service, structure: &Structure) -> Role {
    let name = structure.name.as_str();
    if structure.error.is_some() {
        Role::Errors
    } else if service
        .operations
        .iter()
        .any(|operation| operation.input.as_deref() == Some(name))
    {
        Role::Inputs
    } else if service
        .operations
        .iter()
        .any(|operation| operation.output.as_deref() == Some(name))
    {
        Role::Outputs
    } else {
        Role::Types
    }
}

/// The module of a named shape that becomes a Rust type; `None` for lists, maps and simple
/// shapes, which become standard types.
fn shape_role(service: &Service, shape: &Shape) -> Option<Role> {
    match shape {
        Shape::Structure(structure) => Some(structure_role(service, structure)),
        Shape::Enum(_) => Some(Role::Types),
        Shape::List(_) | Shape::Map(_) | Shape::Simple(_) => None,
    }
}

/// The items a module names from its siblings, collected so that each module imports exactly
/// what it uses (an unused import would be a warning in the generated crate).
#[derive(Default)]
pub(super) struct Imports(BTreeMap<Role, BTreeSet<String>>);

impl Imports {
    pub(super) fn add(&mut self, role: Role, name: impl Into<String>) {
        self.0.entry(role).or_default().insert(name.into());
    }

    /// Every Rust type that a value of `type_ref` names, looking through lists and maps.
    pub(super) fn add_type(&mut self, service: &Service, type_ref: &TypeRef) {
        let Resolved::Shape(shape) = resolve(service, type_ref) else {
            return;
        };
        match shape {
            Shape::List(list) => self.add_type(service, &list.element),
            Shape::Map(map) => self.add_type(service, &map.value),
            _ => {
                if let Some(role) = shape_role(service, shape) {
                    self.add(role, shape.name());
                }
            }
        }
    }

    /// The member types of `structures`.
    pub(super) fn add_members<'a>(
        &mut self,
        service: &Service,
        structures: impl IntoIterator<Item = &'a Structure>,
    ) {
        for structure in structures {
            for member in &structure.members {
                self.add_type(service, &member.target);
            }
        }
    }

    /// `use super::types::{A, B};` lines for every module but `home`.
    pub(super) fn into_tokens(self, home: Option<Role>) -> TokenStream {
        let mut imports: Vec<_> = self
            .0
            .into_iter()
            .filter(|(role, _)| Some(*role) != home)
            .collect();
        // In the order rustfmt would put them: by module name.
        imports.sort_by_key(|(role, _)| role.module_name());
        imports
            .into_iter()
            .map(|(role, names)| {
                let module = format_ident!("{}", role.module_name());
                let names: Vec<Ident> = names.iter().map(|name| type_ident(name)).collect();
                match names.as_slice() {
                    [single] => quote!(use super::#module::#single;),
                    _ => quote!(use super::#module::{#(#names),*};),
                }
            })
            .collect()
    }
}
