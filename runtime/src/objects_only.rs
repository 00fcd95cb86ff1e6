//! A deserializer adapter that reads structures from JSON objects only.
//!
//! serde's derived structures also accept a JSON array and fill their fields by position, so
//! `["my-secret", null, "a description"]` would be a valid CreateSecret input and
//! `{"Tags": [["key", "value"]]}` a valid tag list. AWS rejects both as wrong member types. This
//! adapter wraps a deserializer at every level (the deserializer itself, the visitors it calls,
//! their sequence and map accessors and the seeds they take) and reads each structure as a map,
//! so an array where a structure belongs is refused with serde's ordinary type error.

use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `T` (a deserializer, visitor, accessor or seed) with structures read from objects only.
pub(crate) struct ObjectsOnly<T>(pub(crate) T);

/// Forwards deserializer methods that take only a visitor, wrapping the visitor.
macro_rules! forward_with_wrapped_visitor {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(ObjectsOnly(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward_with_wrapped_visitor! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    /// The one change: a structure is read as a map, which a JSON array cannot be.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(ObjectsOnly(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, ObjectsOnly(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_newtype_struct(name, ObjectsOnly(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, ObjectsOnly(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_tuple_struct(name, len, ObjectsOnly(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_enum(name, variants, ObjectsOnly(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Forwards visitor methods that take a plain value.
macro_rules! forward_values {
    ($($method:ident($type:ty))*) => {$(
        fn $method<E: serde::de::Error>(self, value: $type) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectsOnly<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }

    forward_values! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(ObjectsOnly(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(ObjectsOnly(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(ObjectsOnly(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(ObjectsOnly(map))
    }

    /// Model enums arrive as strings; an externally tagged enum needs no wrapping.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ObjectsOnly<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(deserializer))
    }
}

/// Parses `json` as `T`, reading structures from objects only (and nothing after the value).
pub(crate) fn from_slice<'de, T: serde::Deserialize<'de>>(
    json: &'de [u8],
) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(ObjectsOnly(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Tag {
        #[serde(rename = "Key")]
        key: Option<String>,
        #[serde(rename = "Value")]
        value: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Input {
        #[serde(rename = "Name")]
        name: Option<String>,
        #[serde(rename = "Tags")]
        tags: Option<Vec<Tag>>,
        #[serde(rename = "Rules")]
        rules: Option<Tag>,
    }

    fn parse(json: &str) -> Result<Input, String> {
        from_slice::<Input>(json.as_bytes()).map_err(|error| error.to_string())
    }

    #[test]
    fn reads_objects_at_every_level() {
        let input =
            parse(r#"{"Name":"n","Tags":[{"Key":"k","Value":"v"}],"Rules":{"Key":"r"}}"#).unwrap();
        assert_eq!(input.name.as_deref(), Some("n"));
        assert_eq!(input.tags.unwrap()[0].value.as_deref(), Some("v"));
        assert_eq!(input.rules.unwrap().key.as_deref(), Some("r"));
    }

    #[test]
    fn refuses_arrays_where_structures_belong() {
        for json in [
            r#"["n", null, null]"#,
            r#"{"Tags":[["k","v"]]}"#,
            r#"{"Rules":["k","v"]}"#,
        ] {
            let error = parse(json).unwrap_err();
            assert!(
                error.starts_with("invalid type: sequence"),
                "{json}: {error}"
            );
        }
    }

    #[test]
    fn still_reports_trailing_characters_and_ignores_unknown_members() {
        assert!(parse(r#"{"Name":"n"} x"#).unwrap_err().contains("trailing"));
        let input = parse(r#"{"Name":"n","Other":[[1],{"a":[]}]}"#).unwrap();
        assert_eq!(input.name.as_deref(), Some("n"));
    }
}
