package dev.eaas.topology;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the module's package boundaries as the architecture draws them. */
@AnalyzeClasses(packages = "dev.eaas", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("dev.eaas.topics..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.topology..", "dev.eaas.client..", "dev.eaas.loadgen..");

    @ArchTest
    static final ArchRule serviceNeverUsesTheClient = noClasses()
            .that().resideInAPackage("dev.eaas.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.client..", "dev.eaas.loadgen..");

    @ArchTest
    static final ArchRule cipherCodeStaysInsideCryptoAndCryptor = noClasses()
            .that().resideOutsideOfPackages("dev.eaas.topology.cryptor..", "dev.eaas.topology.crypto..")
            .should().dependOnClassesThat().resideInAPackage("javax.crypto..")
            .orShould().dependOnClassesThat().resideInAPackage("org.bouncycastle..");

    @ArchTest
    static final ArchRule onlyKeyManagerAndCryptorUseKeyMaterial = noClasses()
            .that().resideInAnyPackage("dev.eaas.topology.registrar..", "dev.eaas.topology.coordinator..",
                    "dev.eaas.topology.common..")
            .should().dependOnClassesThat().resideInAPackage("dev.eaas.topology.crypto..");

    /** The service loads the KEK and hands it to the roles that need it, and touches no other key material. */
    @ArchTest
    static final ArchRule serviceOnlyLoadsTheKek = noClasses()
            .that().resideInAPackage("dev.eaas.topology.service..")
            .should().dependOnClassesThat(resideInAPackage("dev.eaas.topology.crypto..")
                    .and(not(simpleNameStartingWith("Kek"))));

    @ArchTest
    static final ArchRule componentsDoNotReachIntoEachOther = noClasses()
            .that().resideInAnyPackage("dev.eaas.topology.registrar..", "dev.eaas.topology.coordinator..",
                    "dev.eaas.topology.keymanager..", "dev.eaas.topology.cryptor..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.topology.service..");

    @ArchTest
    static final ArchRule keyStoreRecordsStayWithKeyManagerAndCryptor = noClasses()
            .that().resideInAnyPackage("dev.eaas.topology.registrar..", "dev.eaas.topology.coordinator..",
                    "dev.eaas.topology.service..", "dev.eaas.topology.common..")
            .should().dependOnClassesThat().haveSimpleName("PairKeyRing")
            .orShould().dependOnClassesThat().haveSimpleName("PairKeyVersion")
            .orShould().dependOnClassesThat().haveSimpleName("WrappedKey")
            .orShould().dependOnClassesThat().haveSimpleName("CryptoRequest");
}
