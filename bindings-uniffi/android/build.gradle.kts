// The AAR: the generated Kotlin binding (src/main/kotlin, written by scripts/build-android.sh),
// the Java bridge shared with the JVM jar (../jvm/src), libtriplink_uniffi.so per ABI under
// src/main/jniLibs/<abi>/ (cargo-ndk, release-mobile profile), JNA as its Android AAR, and
// consumer ProGuard/R8 rules so an app's minified build keeps what JNA reaches by reflection.
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.0"
    `maven-publish`
}

group = "com.triplink"
version = "0.1.0"

android {
    namespace = "com.triplink"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets {
        getByName("main") {
            kotlin.srcDirs("src/main/kotlin", "../jvm/src")
            jniLibs.srcDirs("src/main/jniLibs")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_11
        targetCompatibility = JavaVersion.VERSION_11
    }

    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // JNA's Android AAR carries libjnidispatch.so per ABI; the plain jar does not.
    api("net.java.dev.jna:jna:5.13.0@aar")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.8.0")
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "com.triplink"
            artifactId = "triplink-android"
            version = project.version.toString()
            afterEvaluate {
                from(components["release"])
            }
        }
    }
}
