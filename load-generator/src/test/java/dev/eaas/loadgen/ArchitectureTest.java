package dev.eaas.loadgen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules that need every module on the class path: the client and the service never meet. */
@AnalyzeClasses(packages = "dev.eaas", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule clientNeverUsesTheService = noClasses()
            .that().resideInAPackage("dev.eaas.client..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.topology..", "dev.eaas.loadgen..");

    @ArchTest
    static final ArchRule serviceNeverUsesTheClient = noClasses()
            .that().resideInAPackage("dev.eaas.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.client..", "dev.eaas.loadgen..");

    @ArchTest
    static final ArchRule contractDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("dev.eaas.topics..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.eaas.topology..", "dev.eaas.client..", "dev.eaas.loadgen..");
}
