// The Android library module of the triplink SDK (AAR com.triplink:triplink-android).
// Built by scripts/build-android.sh on a machine with the Android SDK + NDK; the build
// machines of this repository have neither, so CI only checks this file's syntax.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "triplink-android"
