//! The checks of §4 that need the superclass chain: fields that repeat an inherited field, and
//! assignments to names that are no local, argument or field.

use super::ast::*;
use super::error::{CompileError, CompileErrorKind, SourceMap};

/// Checks `class` (parsed from `text`) against the fields it inherits.
///
/// `inherited_instance_fields` are the instance fields of all superclasses;
/// `inherited_class_fields` are the fields a class-side method of this class sees besides its
/// own class-side fields: the class-side fields of all superclasses and the instance fields of
/// `Class` and its superclasses (a metaclass inherits from `Class`). Reports, in this order for
/// the instance side and then for the class side:
///
/// * `Field 'a' is already defined in a superclass.` at a field that repeats an inherited one;
/// * `No such field 'g' in class` at an assignment target that is no parameter or temporary of
///   an enclosing block or the method, and no field. Block temporaries and parameters may shadow
///   outer variables; parameters are assignable; globals are not.
///
/// ```
/// let text = "A = ( | x | set = ( x := 1. y := 2 ) )";
/// let class = som::parser::parse_class(text).unwrap();
/// let error = som::parser::check_inherited(&class, text, &[], &[]).unwrap_err();
/// assert_eq!(error.render("A.som"), "File 'A.som', line 1, column 29:\n  A = ( | x | set = ( x := 1. y := 2 ) )\nNo such field 'y' in class\n");
/// ```
pub fn check_inherited(
    class: &ClassDef,
    text: &str,
    inherited_instance_fields: &[&str],
    inherited_class_fields: &[&str],
) -> Result<(), CompileError> {
    let map = SourceMap::new(text);
    let checker = Checker { map: &map };
    checker.side(&class.instance_fields, &class.instance_methods, inherited_instance_fields)?;
    checker.side(&class.class_fields, &class.class_methods, inherited_class_fields)
}

struct Checker<'s, 'm> {
    map: &'m SourceMap<'s>,
}

impl Checker<'_, '_> {
    fn side(&self, fields: &[Name], methods: &[Method], inherited: &[&str]) -> Result<(), CompileError> {
        if let Some(field) = fields.iter().find(|f| inherited.contains(&f.name.as_str())) {
            return Err(self
                .map
                .error_at(field.position, CompileErrorKind::FieldInSuperclass(field.name.clone())));
        }
        for method in methods {
            if let MethodBody::Statements(statements) = &method.body {
                // Every name an assignment may target here: fields, then the method's locals,
                // then (while a block is checked) the block's.
                let mut visible: Vec<&str> = inherited.to_vec();
                visible.extend(fields.iter().map(|f| f.name.as_str()));
                visible.extend(method.parameters.iter().chain(&method.temporaries).map(|n| n.name.as_str()));
                self.statements(statements, &mut visible)?;
            }
        }
        Ok(())
    }

    fn statements<'a>(
        &self,
        statements: &'a [Statement],
        visible: &mut Vec<&'a str>,
    ) -> Result<(), CompileError> {
        for statement in statements {
            match statement {
                Statement::Expression(e) | Statement::Return { value: e, .. } => {
                    self.expression(e, visible)?
                }
            }
        }
        Ok(())
    }

    fn expression<'a>(
        &self,
        expression: &'a Expression,
        visible: &mut Vec<&'a str>,
    ) -> Result<(), CompileError> {
        match expression {
            Expression::Variable(_) | Expression::Literal { .. } => Ok(()),
            Expression::Assignment { targets, value } => {
                if let Some(target) = targets.iter().find(|t| !visible.contains(&t.name.as_str())) {
                    return Err(self
                        .map
                        .error_at(target.position, CompileErrorKind::NoSuchField(target.name.clone())));
                }
                self.expression(value, visible)
            }
            Expression::Send(send) => {
                self.expression(&send.receiver, visible)?;
                send.arguments.iter().try_for_each(|a| self.expression(a, visible))
            }
            Expression::Block(block) => {
                let outer = visible.len();
                visible.extend(block.parameters.iter().chain(&block.temporaries).map(|n| n.name.as_str()));
                let checked = self.statements(&block.body, visible);
                visible.truncate(outer);
                checked
            }
        }
    }
}
