//! Smithy enums as Rust enums that know their wire values.

use super::doc;
use crate::ir::{Enum, Service, Shape};
use crate::names::{type_ident, variant_ident};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(service: &Service) -> TokenStream {
    service
        .shapes
        .values()
        .filter_map(|shape| match shape {
            Shape::Enum(enumeration) => Some(enum_item(enumeration)),
            _ => None,
        })
        .collect()
}

fn enum_item(enumeration: &Enum) -> TokenStream {
    let ident = type_ident(&enumeration.name);
    let variants: Vec<_> = enumeration
        .variants
        .iter()
        .map(|variant| variant_ident(&variant.name))
        .collect();
    let values: Vec<&str> = enumeration
        .variants
        .iter()
        .map(|variant| variant.value.as_str())
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(variants.len());
    let docs = doc(&enumeration.documentation);
    let serialize = enumeration.usage.output.then(|| {
        quote! {
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident { #(#variants,)* }

        impl #ident {
            pub const ALL: [Self; #count] = [#(Self::#variants),*];

            /// The value on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { #(Self::#variants => #values,)* }
            }
        }

        impl ::runtime::ModelEnum for #ident {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn from_value(value: &str) -> Option<Self> {
                match value {
                    #(#values => Some(Self::#variants),)*
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serialize
    }
}
