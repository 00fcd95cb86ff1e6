//! The model resolved into what code generation needs: the service's operations and every shape
//! they reach, each marked with where it is used. Maps are BTreeMaps so output is deterministic.

use crate::CodegenError;
use crate::ast::{self, Traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct Service {
    /// The service shape's name: the `X-Amz-Target` prefix of AWS JSON protocols.
    pub target_prefix: String,
    /// Upper camel case name for the handler trait (from `aws.api#service` sdkId when present).
    pub api_name: String,
    pub documentation: Option<String>,
    pub operations: Vec<Operation>,
    pub shapes: BTreeMap<String, Shape>,
}

pub(crate) struct Operation {
    pub name: String,
    pub input: Option<String>,
    pub output: Option<String>,
    /// The operation's own errors and the service-wide ones, sorted.
    pub errors: Vec<String>,
    pub documentation: Option<String>,
}

pub(crate) enum Shape {
    Structure(Structure),
    List(List),
    Map(Map),
    Enum(Enum),
    Simple(Simple),
}

/// Whether a shape appears in some operation's input, output or errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub input: bool,
    pub output: bool,
}

pub(crate) struct Structure {
    pub name: String,
    pub members: Vec<Member>,
    pub error: Option<Fault>,
    pub documentation: Option<String>,
    pub usage: Usage,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Client,
    Server,
}

pub(crate) struct Member {
    /// The name on the wire, e.g. `ARN`.
    pub name: String,
    pub target: TypeRef,
    pub required: bool,
    /// A non-null `@default`: the member always has a value.
    pub default: Option<Value>,
    pub sensitive: bool,
    pub documentation: Option<String>,
}

pub(crate) struct List {
    pub name: String,
    pub element: TypeRef,
    pub length: Option<Length>,
    pub usage: Usage,
}

pub(crate) struct Map {
    pub name: String,
    pub key: TypeRef,
    pub value: TypeRef,
    pub length: Option<Length>,
    pub usage: Usage,
}

pub(crate) struct Enum {
    pub name: String,
    pub variants: Vec<EnumVariant>,
    pub documentation: Option<String>,
    pub usage: Usage,
}

pub(crate) struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// A named simple shape: a primitive with constraints.
pub(crate) struct Simple {
    pub name: String,
    pub primitive: Primitive,
    pub length: Option<Length>,
    pub range: Option<Range>,
    pub pattern: Option<String>,
    pub sensitive: bool,
    pub usage: Usage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Primitive {
    String,
    Blob,
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    Timestamp,
}

impl Primitive {
    fn from_kind(kind: &str) -> Option<Self> {
        Some(match kind {
            "string" => Primitive::String,
            "blob" => Primitive::Blob,
            "boolean" => Primitive::Boolean,
            "byte" => Primitive::Byte,
            "short" => Primitive::Short,
            "integer" => Primitive::Integer,
            "long" => Primitive::Long,
            "float" => Primitive::Float,
            "double" => Primitive::Double,
            "timestamp" => Primitive::Timestamp,
            _ => return None,
        })
    }

    pub(crate) fn is_integral(self) -> bool {
        matches!(
            self,
            Primitive::Byte | Primitive::Short | Primitive::Integer | Primitive::Long
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeRef {
    /// A shape of the model, by its local name.
    Shape(String),
    /// A prelude shape such as `smithy.api#String`.
    Primitive(Primitive),
}

const PRELUDE: &str = "smithy.api#";
const UNIT: &str = "smithy.api#Unit";

pub(crate) fn resolve(model: &ast::Model) -> Result<Service, CodegenError> {
    if !model.smithy.starts_with("2.") && model.smithy != "2" {
        return Err(CodegenError::UnsupportedVersion(model.smithy.clone()));
    }
    Resolver::new(model)?.service()
}

struct Resolver<'m> {
    model: &'m ast::Model,
    /// Local name -> absolute shape id, to resolve and to detect collisions.
    local_names: BTreeMap<&'m str, &'m str>,
    shapes: BTreeMap<String, Shape>,
}

impl<'m> Resolver<'m> {
    fn new(model: &'m ast::Model) -> Result<Self, CodegenError> {
        let mut local_names = BTreeMap::new();
        for id in model.shapes.keys() {
            if let Some(previous) = local_names.insert(local_name(id), id.as_str()) {
                return Err(CodegenError::shape(
                    id,
                    format!("its name collides with {previous}"),
                ));
            }
        }
        Ok(Self {
            model,
            local_names,
            shapes: BTreeMap::new(),
        })
    }

    fn service(mut self) -> Result<Service, CodegenError> {
        let services: Vec<(&String, &ast::Shape)> = self
            .model
            .shapes
            .iter()
            .filter(|(_, shape)| shape.kind == "service")
            .collect();
        let [(service_id, service)] = services[..] else {
            return Err(CodegenError::ServiceCount(services.len()));
        };
        let service_errors: Vec<String> = service
            .errors
            .iter()
            .map(|error| self.error_shape(service_id, &error.target))
            .collect::<Result<_, _>>()?;
        let mut operations = service
            .operations
            .iter()
            .map(|operation| self.operation(&operation.target, &service_errors))
            .collect::<Result<Vec<_>, _>>()?;
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        let target_prefix = local_name(service_id).to_owned();
        let api_name = service
            .traits
            .get("aws.api#service")
            .and_then(|service| service.get("sdkId"))
            .and_then(Value::as_str)
            .map(crate::names::type_name_from_words)
            .unwrap_or_else(|| crate::names::type_name_from_words(&target_prefix));
        Ok(Service {
            target_prefix,
            api_name,
            documentation: documentation(&service.traits),
            operations,
            shapes: self.shapes,
        })
    }

    fn operation(
        &mut self,
        id: &str,
        service_errors: &[String],
    ) -> Result<Operation, CodegenError> {
        let shape = self.lookup(id, id)?;
        if shape.kind != "operation" {
            return Err(CodegenError::shape(
                id,
                "the service lists it as an operation, but it is not one",
            ));
        }
        let input = self.operation_structure(
            id,
            &shape.input,
            Usage {
                input: true,
                output: false,
            },
        )?;
        let output = self.operation_structure(
            id,
            &shape.output,
            Usage {
                input: false,
                output: true,
            },
        )?;
        let mut errors: BTreeSet<String> = service_errors.iter().cloned().collect();
        for error in &shape.errors {
            errors.insert(self.error_shape(id, &error.target)?);
        }
        Ok(Operation {
            name: local_name(id).to_owned(),
            input,
            output,
            errors: errors.into_iter().collect(),
            documentation: documentation(&shape.traits),
        })
    }

    /// An operation's input or output: a structure, or `None` for `smithy.api#Unit`.
    fn operation_structure(
        &mut self,
        operation: &str,
        target: &Option<ast::Target>,
        usage: Usage,
    ) -> Result<Option<String>, CodegenError> {
        let Some(target) = target.as_ref().map(|target| target.target.as_str()) else {
            return Ok(None);
        };
        if target == UNIT {
            return Ok(None);
        }
        match self.type_ref(operation, target, usage)? {
            TypeRef::Shape(name) if matches!(self.shapes.get(&name), Some(Shape::Structure(_))) => {
                Ok(Some(name))
            }
            _ => Err(CodegenError::shape(
                operation,
                "operation input and output must be structures",
            )),
        }
    }

    fn error_shape(&mut self, referrer: &str, target: &str) -> Result<String, CodegenError> {
        let name = local_name(target).to_owned();
        self.type_ref(
            referrer,
            target,
            Usage {
                input: false,
                output: true,
            },
        )?;
        match self.shapes.get(&name) {
            Some(Shape::Structure(Structure { error: Some(_), .. })) => Ok(name),
            _ => Err(CodegenError::shape(
                target,
                format!(
                    "{referrer} lists it as an error, but it is not a structure with the @error trait"
                ),
            )),
        }
    }

    fn lookup(&self, referrer: &str, target: &str) -> Result<&'m ast::Shape, CodegenError> {
        let model = self.model;
        model
            .shapes
            .get(target)
            .or_else(|| {
                self.local_names
                    .get(local_name(target))
                    .and_then(|id| model.shapes.get(*id))
            })
            .ok_or_else(|| {
                CodegenError::shape(referrer, format!("its target {target} is not in the model"))
            })
    }

    /// Resolves a target, registering the shape (and everything it reaches) with `usage`.
    fn type_ref(
        &mut self,
        referrer: &str,
        target: &str,
        usage: Usage,
    ) -> Result<TypeRef, CodegenError> {
        if let Some(prelude) = target.strip_prefix(PRELUDE) {
            let primitive = match prelude {
                "String" => Primitive::String,
                "Blob" => Primitive::Blob,
                "Boolean" | "PrimitiveBoolean" => Primitive::Boolean,
                "Byte" | "PrimitiveByte" => Primitive::Byte,
                "Short" | "PrimitiveShort" => Primitive::Short,
                "Integer" | "PrimitiveInteger" => Primitive::Integer,
                "Long" | "PrimitiveLong" => Primitive::Long,
                "Float" | "PrimitiveFloat" => Primitive::Float,
                "Double" | "PrimitiveDouble" => Primitive::Double,
                "Timestamp" => Primitive::Timestamp,
                other => {
                    return Err(CodegenError::shape(
                        referrer,
                        format!("prelude shape smithy.api#{other} is not supported"),
                    ));
                }
            };
            return Ok(TypeRef::Primitive(primitive));
        }
        let name = local_name(target).to_owned();
        let mut usage = usage;
        if let Some(known) = self.shapes.get_mut(&name) {
            let before = known.usage();
            let after = merge(before, usage);
            if after == before {
                return Ok(TypeRef::Shape(name));
            }
            // Newly used in another direction: walk it again so that what it reaches is marked too.
            known.set_usage(after);
            usage = after;
        }
        let shape = self.lookup(referrer, target)?;
        let id = target;
        let mut resolved = match shape.kind.as_str() {
            "structure" => Shape::Structure(self.structure(id, shape, usage)?),
            "list" | "set" => {
                let element = required_member(id, &shape.member, "member")?;
                Shape::List(List {
                    name: name.clone(),
                    element: self.type_ref(id, &element.target, usage)?,
                    length: length(id, &shape.traits)?,
                    usage,
                })
            }
            "map" => {
                let key = required_member(id, &shape.key, "key")?;
                let value = required_member(id, &shape.value, "value")?;
                let key = self.type_ref(id, &key.target, usage)?;
                if !self.is_string(&key) {
                    return Err(CodegenError::shape(
                        id,
                        "only maps with string keys are supported",
                    ));
                }
                Shape::Map(Map {
                    name: name.clone(),
                    key,
                    value: self.type_ref(id, &value.target, usage)?,
                    length: length(id, &shape.traits)?,
                    usage,
                })
            }
            "enum" => Shape::Enum(enumeration(id, shape, usage)?),
            kind => match Primitive::from_kind(kind) {
                Some(primitive) => Shape::Simple(simple(id, &name, primitive, shape, usage)?),
                None => {
                    return Err(CodegenError::shape(
                        id,
                        format!("shapes of type `{kind}` are not supported"),
                    ));
                }
            },
        };
        resolved.set_usage(usage);
        self.shapes.insert(name.clone(), resolved);
        Ok(TypeRef::Shape(name))
    }

    fn is_string(&self, type_ref: &TypeRef) -> bool {
        match type_ref {
            TypeRef::Primitive(primitive) => *primitive == Primitive::String,
            TypeRef::Shape(name) => matches!(
                self.shapes.get(name),
                Some(Shape::Simple(Simple {
                    primitive: Primitive::String,
                    ..
                }))
            ),
        }
    }

    fn structure(
        &mut self,
        id: &str,
        shape: &'m ast::Shape,
        usage: Usage,
    ) -> Result<Structure, CodegenError> {
        let name = local_name(id).to_owned();
        // Registered before its members so that recursive shapes terminate.
        self.shapes.entry(name.clone()).or_insert_with(|| {
            Shape::Structure(Structure {
                name: name.clone(),
                members: Vec::new(),
                error: None,
                documentation: None,
                usage,
            })
        });
        let mut members = Vec::new();
        for (member_name, member) in &shape.members.0 {
            let target = self.type_ref(id, &member.target, usage)?;
            let default = member
                .traits
                .get("smithy.api#default")
                .filter(|value| !value.is_null())
                .cloned();
            let target_sensitive = self
                .lookup(id, &member.target)
                .map(|target| target.traits.contains_key("smithy.api#sensitive"))
                .unwrap_or(false);
            for constraint in [
                "smithy.api#length",
                "smithy.api#range",
                "smithy.api#pattern",
            ] {
                if member.traits.contains_key(constraint) {
                    return Err(CodegenError::shape(
                        format!("{id}${member_name}"),
                        format!(
                            "{constraint} on a member is not supported; put it on the target shape"
                        ),
                    ));
                }
            }
            members.push(Member {
                name: member_name.clone(),
                target,
                required: member.traits.contains_key("smithy.api#required"),
                default,
                sensitive: target_sensitive || member.traits.contains_key("smithy.api#sensitive"),
                documentation: documentation(&member.traits),
            });
        }
        let error = match shape
            .traits
            .get("smithy.api#error")
            .map(|fault| fault.as_str())
        {
            None => None,
            Some(Some("client")) => Some(Fault::Client),
            Some(Some("server")) => Some(Fault::Server),
            Some(_) => {
                return Err(CodegenError::shape(
                    id,
                    "@error must be \"client\" or \"server\"",
                ));
            }
        };
        Ok(Structure {
            name,
            members,
            error,
            documentation: documentation(&shape.traits),
            usage,
        })
    }
}

impl Shape {
    /// The shape's name in the model, without its namespace.
    pub(crate) fn name(&self) -> &str {
        match self {
            Shape::Structure(s) => &s.name,
            Shape::List(s) => &s.name,
            Shape::Map(s) => &s.name,
            Shape::Enum(s) => &s.name,
            Shape::Simple(s) => &s.name,
        }
    }

    pub(crate) fn usage(&self) -> Usage {
        match self {
            Shape::Structure(s) => s.usage,
            Shape::List(s) => s.usage,
            Shape::Map(s) => s.usage,
            Shape::Enum(s) => s.usage,
            Shape::Simple(s) => s.usage,
        }
    }

    fn set_usage(&mut self, usage: Usage) {
        match self {
            Shape::Structure(s) => s.usage = usage,
            Shape::List(s) => s.usage = usage,
            Shape::Map(s) => s.usage = usage,
            Shape::Enum(s) => s.usage = usage,
            Shape::Simple(s) => s.usage = usage,
        }
    }
}

fn merge(a: Usage, b: Usage) -> Usage {
    Usage {
        input: a.input || b.input,
        output: a.output || b.output,
    }
}

fn simple(
    id: &str,
    name: &str,
    primitive: Primitive,
    shape: &ast::Shape,
    usage: Usage,
) -> Result<Simple, CodegenError> {
    let simple = Simple {
        name: name.to_owned(),
        primitive,
        length: length(id, &shape.traits)?,
        range: range(id, &shape.traits)?,
        pattern: pattern(id, &shape.traits)?,
        sensitive: shape.traits.contains_key("smithy.api#sensitive"),
        usage,
    };
    let measurable = matches!(primitive, Primitive::String | Primitive::Blob);
    if simple.length.is_some() && !measurable {
        return Err(CodegenError::shape(
            id,
            "@length applies to strings and blobs only",
        ));
    }
    if simple.pattern.is_some() && primitive != Primitive::String {
        return Err(CodegenError::shape(id, "@pattern applies to strings only"));
    }
    if simple.range.is_some() && !primitive.is_integral() {
        return Err(CodegenError::shape(
            id,
            "@range is supported on integral shapes only",
        ));
    }
    Ok(simple)
}

fn enumeration(id: &str, shape: &ast::Shape, usage: Usage) -> Result<Enum, CodegenError> {
    let variants = shape
        .members
        .0
        .iter()
        .map(|(name, member)| {
            let value = match member.traits.get("smithy.api#enumValue") {
                None => name.clone(),
                Some(Value::String(value)) => value.clone(),
                Some(_) => {
                    return Err(CodegenError::shape(
                        format!("{id}${name}"),
                        "@enumValue of a string enum must be a string",
                    ));
                }
            };
            Ok(EnumVariant {
                name: name.clone(),
                value,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if variants.is_empty() {
        return Err(CodegenError::shape(id, "an enum needs at least one member"));
    }
    Ok(Enum {
        name: local_name(id).to_owned(),
        variants,
        documentation: documentation(&shape.traits),
        usage,
    })
}

fn required_member<'a>(
    id: &str,
    member: &'a Option<ast::Member>,
    role: &str,
) -> Result<&'a ast::Member, CodegenError> {
    member
        .as_ref()
        .ok_or_else(|| CodegenError::shape(id, format!("it has no `{role}`")))
}

fn length(id: &str, traits: &Traits) -> Result<Option<Length>, CodegenError> {
    let Some(length) = traits.get("smithy.api#length") else {
        return Ok(None);
    };
    let bound = |key: &str| match length.get(key) {
        None => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| {
            CodegenError::shape(id, format!("@length {key} must be a non-negative integer"))
        }),
    };
    Ok(Some(Length {
        min: bound("min")?,
        max: bound("max")?,
    }))
}

fn range(id: &str, traits: &Traits) -> Result<Option<Range>, CodegenError> {
    let Some(range) = traits.get("smithy.api#range") else {
        return Ok(None);
    };
    let bound = |key: &str| match range.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or_else(|| CodegenError::shape(id, format!("@range {key} must be an integer"))),
    };
    Ok(Some(Range {
        min: bound("min")?,
        max: bound("max")?,
    }))
}

fn pattern(id: &str, traits: &Traits) -> Result<Option<String>, CodegenError> {
    match traits.get("smithy.api#pattern") {
        None => Ok(None),
        Some(Value::String(pattern)) => Ok(Some(pattern.clone())),
        Some(_) => Err(CodegenError::shape(id, "@pattern must be a string")),
    }
}

fn documentation(traits: &Traits) -> Option<String> {
    traits
        .get("smithy.api#documentation")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn local_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}
