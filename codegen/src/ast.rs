//! The Smithy 2.0 JSON AST, as much of it as code generation reads.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    pub smithy: String,
    #[serde(default)]
    pub shapes: BTreeMap<String, Shape>,
}

pub(crate) type Traits = BTreeMap<String, Value>;

#[derive(Debug, Deserialize)]
pub(crate) struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub traits: Traits,
    /// Structure, union and enum members, in the model's order.
    #[serde(default)]
    pub members: Ordered<Member>,
    /// The element of a list.
    pub member: Option<Member>,
    pub key: Option<Member>,
    pub value: Option<Member>,
    pub input: Option<Target>,
    pub output: Option<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    #[serde(default)]
    pub operations: Vec<Target>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Member {
    pub target: String,
    #[serde(default)]
    pub traits: Traits,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Target {
    pub target: String,
}

/// A JSON object whose key order is kept, so generated fields follow the model.
#[derive(Debug)]
pub(crate) struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}
