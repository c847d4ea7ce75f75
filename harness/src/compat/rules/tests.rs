//! The rule table is consistent: every change kind classifies to a listed
//! rule with its listed level, and every listed rule is produced.

use super::*;

fn all_kinds() -> Vec<ChangeKind> {
    use ChangeKind::*;
    let mut kinds = vec![
        FieldNowRequired,
        FieldNowOptional,
        FieldReused,
        ReservedDropped,
        TypeWidened,
        TypeNarrowed,
        TypeChanged,
        IntWidened,
        IntNarrowed,
        RangeWidened,
        RangeNarrowed,
        EnumValueAdded,
        EnumValueRemoved,
        ConstChanged,
        NullableAdded,
        NullableRemoved,
        ModelOpened,
        ModelClosed,
        VariantAdded,
        VariantRemoved,
        ConstraintChanged,
        ConstraintNarrowed,
        ConstraintWidened,
        ConstraintReplaced,
        ConditionChanged,
        VersionMarkerChanged,
        KvKeyNowRequired,
        KvKeyNowOptional,
        BundleFileRequired,
        BundleFileConditional,
        BundleFileConditionChanged,
        BundleCarrierChanged,
        KvGroupNarrowed,
        KvGroupWidened,
        KvGroupRestated,
        KvGroupUnjudged { old_readers: true },
        KvGroupUnjudged { old_readers: false },
        SchemaFormatChanged,
        FamilyAdded,
        FamilyRemoved,
        VersionAdded,
        VersionRemoved,
        VersionMarkerUnchanged,
        VersionMarkerRemoved,
        CorpusOutcomeChanged,
        CorpusNoReader,
        CorpusCoverageMissing,
    ];
    for required in [true, false] {
        for t in [Tolerance::Ignores, Tolerance::Rejects] {
            kinds.push(FieldAdded {
                required,
                old_reader: t,
            });
            kinds.push(FieldRemoved {
                required,
                new_reader: t,
            });
        }
        for open in [true, false] {
            kinds.push(KvKeyAdded {
                required,
                old_open: open,
            });
            kinds.push(KvKeyRemoved {
                required,
                new_open: open,
            });
            kinds.push(BundleFileAdded {
                required,
                old_open: open,
            });
            kinds.push(BundleFileRemoved {
                required,
                new_open: open,
            });
        }
    }
    for d in [Direction::Widened, Direction::Narrowed, Direction::Changed] {
        kinds.push(KvKeyRetyped(d));
        kinds.push(BundleFileRetyped(d));
    }
    kinds
}

/// Every classification names a listed rule with the listed level, and
/// the level follows from the judgements: error exactly when a side
/// breaks; warn for unknowns and for lossy removals.
#[test]
fn table_is_consistent() {
    let mut used = std::collections::BTreeSet::new();
    for kind in all_kinds() {
        let cl = classify(&kind);
        let listed = RULES
            .iter()
            .find(|(id, _, _)| *id == cl.rule)
            .unwrap_or_else(|| panic!("{} not in RULES", cl.rule));
        assert_eq!(listed.1, cl.level, "{kind:?}");
        let breaking = cl.forward == B || cl.backward == B;
        let unknown = cl.forward == U || cl.backward == U;
        // A contract rule judges no reader (n/a both ways) and is an error.
        let contract = cl.forward == NA && cl.backward == NA;
        assert_eq!(breaking || contract, cl.level == Level::Error, "{kind:?}");
        if !breaking {
            let lossy = cl.rule.contains("-REMOVED-");
            assert_eq!(unknown || lossy, cl.level == Level::Warn, "{kind:?}");
        }
        used.insert(cl.rule);
    }
    for (id, _, _) in RULES {
        assert!(used.contains(id), "{id} is never produced");
    }
}
